// A contract's reconciliation (issue 16): Upwork's daily totals beside what sync wrote,
// per UTC day of the last two weeks, with the billing weeks' state. It only reports.
import { get, seg } from '../api';
import { Alert } from '../components/alert';
import { Badge } from '../components/badge';
import { Link } from '../components/link';
import { useApi } from '../components/use_api';
import { Working } from '../components/working';
import { dateTime, hours } from '../format';
import type { Reconciliation, ReconciliationDay } from '../types';

const statusWords: Record<ReconciliationDay['status'], { text: string; tone: 'ok' | 'warn' | 'bad' | 'info' }> = {
  match: { text: 'match', tone: 'ok' },
  pending: { text: 'not synced yet', tone: 'info' },
  removed_upstream: { text: 'removed on Upwork', tone: 'warn' },
  changed_locally: { text: 'changed here', tone: 'warn' },
};

export function ReconciliationPage({ contractId }: { contractId: string }) {
  const r = useApi(() => get<Reconciliation>(`/api/v1/upwork/contracts/${seg(contractId)}/reconciliation`), [contractId]);
  const data = r.data;
  return (
    <>
      <p><Link href="/console/dashboard">← Status</Link></p>
      <h1>Reconciliation of contract {contractId}</h1>
      <Alert message={r.error} />
      {r.loading && !data && <Working label="Loading…" />}
      {data && (
        <>
          <p class="note">UTC days {data.from} to {data.to}. Sync never edits or deletes an interval; this only reports.</p>
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" class="num">Upwork (h)</th>
                <th scope="col" class="num">Synced (h)</th>
                <th scope="col" class="num">Removed on Upwork (h)</th>
                <th scope="col" class="num">Changed here (h)</th>
                <th scope="col">Status</th>
                <th scope="col">Week</th>
              </tr>
            </thead>
            <tbody>
              {data.days.map((d) => (
                <tr key={d.date}>
                  <th scope="row">{d.date}</th>
                  <td class="num">{hours(d.upwork_seconds)}</td>
                  <td class="num">{hours(d.synced_seconds)}</td>
                  <td class="num">{hours(d.removed_upstream_seconds)}</td>
                  <td class="num">{hours(d.changed_locally_seconds)}</td>
                  <td><Badge {...statusWords[d.status]} /></td>
                  <td>{d.week}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Billing weeks</h2>
          <ul>
            {data.weeks.map((w) => (
              <li key={w.week_start}>
                Week of {w.week_start}: {w.state === 'locked' ? 'locked' : `open until ${dateTime(w.locks_at)}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
