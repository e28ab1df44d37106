// Wizard step 3 (F6): every decision grouped by organization — members to link or
// create, contracts to sync with project and rates — with the warnings about missing
// rates (they do not block), and "Start sync", which applies it all and starts the import.
import { useState } from 'preact/hooks';
import { get, messageOf, post } from '../api';
import { Alert } from '../components/alert';
import { useApi } from '../components/use_api';
import { WizardSteps } from '../components/wizard_steps';
import { Working } from '../components/working';
import { navigate } from '../router';
import type { Items, Mapping, Member, Review, ReviewOrganization } from '../types';

interface Loaded { review: Review; members: Map<string, string>; users: Map<string, string> }

// The review names members and Upwork users by id; their names come from the member list
// and the mapping.
async function load(): Promise<Loaded> {
  const [review, members, mapping] = await Promise.all([
    get<Review>('/api/v1/upwork/wizard/review'),
    get<Items<Member>>('/api/v1/members'),
    get<Mapping>('/api/v1/upwork/wizard/mapping'),
  ]);
  const users = new Map<string, string>();
  for (const o of mapping.organizations) for (const u of o.users) users.set(`${o.id}/${u.upwork_user_id}`, u.name);
  return { review, members: new Map(members.items.map((m) => [m.id, m.name])), users };
}

export function WizardReview() {
  const page = useApi(load);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await post<{ contracts_started: number }>('/api/v1/upwork/wizard/confirm');
      navigate('/console/dashboard');
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  const data = page.data;
  return (
    <>
      <WizardSteps current={3} />
      <h1>Review</h1>
      <Alert message={error ?? page.error} />
      {page.loading && !data && <Working label="Loading…" />}
      {data && data.review.organizations.length === 0 && <p class="note">No organization is selected.</p>}
      {data?.review.organizations.map((o) => <OrganizationReview key={o.id} org={o} data={data} />)}
      {data && (
        <div class="actions">
          <button type="button" disabled={busy} onClick={start}>Start sync</button>
          {busy && <Working label="Starting sync…" />}
        </div>
      )}
    </>
  );
}

function OrganizationReview({ org: o, data }: { org: ReviewOrganization; data: Loaded }) {
  const headingId = `review-${o.id}`;
  const titles = new Map(o.contracts.map((c) => [c.id, c.title]));
  return (
    <section class="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{o.section_label}</h2>
      <h3>Members</h3>
      {o.members_to_link.length + o.members_to_create.length === 0 ? (
        <p class="note">No new member links.</p>
      ) : (
        <ul>
          {o.members_to_link.map((m) => (
            <li key={m.upwork_user_id}>
              Link {data.users.get(`${o.id}/${m.upwork_user_id}`) ?? m.upwork_user_id} to{' '}
              {data.members.get(m.member_id) ?? `member ${m.member_id}`}
            </li>
          ))}
          {o.members_to_create.map((m) => (
            <li key={m.upwork_user_id}>
              Create member {m.name} ({m.email}) for {data.users.get(`${o.id}/${m.upwork_user_id}`) ?? m.upwork_user_id}
            </li>
          ))}
        </ul>
      )}
      <h3>Contracts to sync</h3>
      {o.contracts.length === 0 ? (
        <p class="note">No contract syncs: choose a project and switch sync on in step 2.</p>
      ) : (
        <table>
          <caption class="hint">Contracts of {o.section_label}</caption>
          <thead>
            <tr>
              <th scope="col">Contract</th>
              <th scope="col">Project</th>
              <th scope="col" class="num">Pay rate</th>
              <th scope="col" class="num">Bill rate</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {o.contracts.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.title}</th>
                <td>{c.project_name ?? (c.project_id ? `project ${c.project_id}` : 'new project')}</td>
                <td class="num">{c.pay_rate ? `${c.pay_rate} ${c.currency}` : '—'}</td>
                <td class="num">{c.bill_rate ? `${c.bill_rate} ${c.currency}` : '—'}</td>
                <td>{c.confirmed ? 'syncing' : 'starts with this confirm'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {o.warnings.length > 0 && (
        <>
          <h3>Warnings</h3>
          <ul class="warning-list" aria-label={`Warnings for ${o.section_label}`}>
            {o.warnings.map((w) => (
              <li key={`${w.contract_id}-${w.code}`}>
                {titles.get(w.contract_id) ?? `Contract ${w.contract_id}`}: {w.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
