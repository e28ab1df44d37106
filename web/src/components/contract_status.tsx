// One contract on the status dashboard (F7): hours synced today large, the import's
// progress, its sync state and last error, the last entries, and the ways to find out more.
import { dateTime, time } from '../format';
import type { StatusContract } from '../types';
import { Badge } from './badge';
import { Link } from './link';
import { Progress } from './progress';
import { reasonText } from './reasons';

const importWords: Record<StatusContract['import']['state'], string> = {
  pending: 'Import waiting to start',
  running: 'Importing',
  done: 'Import done',
  failed: 'Import failing',
};

export function ContractStatus({ contract: c }: { contract: StatusContract }) {
  const headingId = `contract-${c.id}-title`;
  const days = `${c.import.days_done} of ${c.import.days_total} days`;
  return (
    <li class="card contract-card">
      <div>
        <p class="hours-today" aria-describedby={`${headingId}-hours`}>{c.hours_today}</p>
        <p class="hours-label" id={`${headingId}-hours`}>hours today</p>
      </div>
      <div>
        <h3 id={headingId}>{c.title}</h3>
        <p class="note">
          {c.upwork_user_name} · project {c.project?.name ?? 'none'}
          {c.client_name ? ` · client ${c.client_name}` : ''} · on Upwork{' '}
          <Badge text={c.upwork_status} tone={c.upwork_status === 'active' ? 'ok' : 'warn'} />
        </p>
        <SyncState contract={c} />
        {c.syncing || c.import.days_total > 0 ? (
          <Progress label={`Import of ${c.title}`} value={c.import.days_done} max={c.import.days_total}
            text={`${importWords[c.import.state]}: ${days}`} />
        ) : (
          <p class="note">No import: it does not sync.</p>
        )}
        {c.last_error && (
          <p class="sync-error">
            Last error ({dateTime(c.last_error.at)}, {c.last_error.code}): {c.last_error.message}
            {c.failures_in_a_row > 0 ? ` — ${c.failures_in_a_row} failed in a row` : ' — recovered since'}
          </p>
        )}
        <p class="note">Last success: {dateTime(c.last_success_at)}</p>
        <div class="actions">
          <Link href={`/console/contracts/${encodeURIComponent(c.id)}/diagnosis`}>Why is this not syncing?</Link>
          <Link href={`/console/contracts/${encodeURIComponent(c.id)}/reconciliation`}>Reconciliation</Link>
        </div>
        <RecentEntries contract={c} />
      </div>
    </li>
  );
}

function SyncState({ contract: c }: { contract: StatusContract }) {
  if (c.syncing && c.closing)
    return <p class="sync-ok">Syncing (closing: until {dateTime(c.closing_until)})</p>;
  if (c.syncing) return <p class="sync-ok">Syncing</p>;
  return (
    <p class="sync-off">
      Not syncing: {c.reasons.length ? c.reasons.map(reasonText).join(' ') : 'no reason given.'}
    </p>
  );
}

function RecentEntries({ contract: c }: { contract: StatusContract }) {
  if (c.recent_entries.length === 0) return <p class="note">No synced entries yet.</p>;
  return (
    <details>
      <summary>Last {c.recent_entries.length} entries</summary>
      <table>
        <caption class="hint">Recent entries of {c.title}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Time</th>
            <th scope="col">Member</th>
            <th scope="col" class="num">Hours</th>
          </tr>
        </thead>
        <tbody>
          {c.recent_entries.map((e) => (
            <tr key={`${e.started_at}-${e.member.id}`}>
              <td>{new Date(e.started_at).toLocaleDateString()}</td>
              <td>{time(e.started_at)}–{time(e.ended_at)}</td>
              <td>{e.member.name}</td>
              <td class="num">{e.hours}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
