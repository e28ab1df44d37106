// Where the person is in the three-step wizard; each step is also a link back.
import { Link } from './link';

const steps = [
  { name: 'Accounts', href: '/console/wizard' },
  { name: 'Mapping', href: '/console/wizard/mapping' },
  { name: 'Review', href: '/console/wizard/review' },
];

export function WizardSteps({ current }: { current: 1 | 2 | 3 }) {
  return (
    <nav aria-label="Wizard steps">
      <ol class="steps">
        {steps.map((s, i) => (
          <li key={s.name} aria-current={i + 1 === current ? 'step' : undefined}>
            {i + 1 === current ? `${i + 1}. ${s.name}` : <Link href={s.href}>{`${i + 1}. ${s.name}`}</Link>}
            {i < steps.length - 1 && <span aria-hidden="true"> ›</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
