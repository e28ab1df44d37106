// Operators (super admins): the sync engine's actors by kind, the busiest actors and the
// lagging organizations from /api/v1/admin/actors, and Upwork requests, 429s and the
// request rate in force from /metrics. Refreshed every 5 s.
import { get } from '../api';
import { Alert } from '../components/alert';
import { samples } from '../components/prometheus';
import { useApi } from '../components/use_api';
import { Working } from '../components/working';
import { dateTime } from '../format';
import type { ActorOverview, Me, Status, UpworkRequestBudget } from '../types';

interface UpworkRequests {
  byStatus: [string, number][];
  total: number;
  limited: number;
  rate?: number; ///< requests/s in force (AIMD: below the ceiling after 429s)
  decreases?: number; ///< times a 429 halved it
}

// /metrics is read with a plain fetch: it may sit behind its own token (UPSYNC_METRICS_TOKEN),
// and its 401 must not end the console session the way an API 401 does.
async function upworkRequests(): Promise<UpworkRequests> {
  const response = await fetch('/metrics', { cache: 'no-store' });
  if (!response.ok)
    throw new Error(response.status === 401
      ? '/metrics needs its own token (UPSYNC_METRICS_TOKEN), so Upwork request counts are not shown here.'
      : response.status === 404 ? 'Metrics are off (UPSYNC_METRICS=off).' : `/metrics answered ${response.status}.`);
  const text = await response.text();
  const byStatus = new Map<string, number>();
  for (const s of samples(text, 'upsync_upwork_requests_total')) {
    const status = s.labels.status ?? 'unknown';
    byStatus.set(status, (byStatus.get(status) ?? 0) + s.value);
  }
  const sorted = [...byStatus.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    byStatus: sorted,
    total: sorted.reduce((n, [, v]) => n + v, 0),
    limited: byStatus.get('429') ?? 0,
    rate: samples(text, 'upsync_upwork_rate_per_second')[0]?.value,
    decreases: samples(text, 'upsync_upwork_rate_decreases_total')[0]?.value,
  };
}

// Today's Upwork budget: what is spent, what is left, and whether cycles are stretched.
function RequestBudget({ b }: { b: UpworkRequestBudget }) {
  const stretched = b.effective_cycle_seconds > b.configured_cycle_seconds + 0.5;
  return (
    <>
      <h2>Upwork request budget today (UTC)</h2>
      <ul class="org-head" aria-label="Upwork request budget">
        <li>{b.daily_budget === null ? 'No daily budget' : `Daily budget: ${b.daily_budget}`}</li>
        <li>Requests today: {b.today}</li>
        <li>Projected for the day: {Math.round(b.projected_today)}</li>
        {b.remaining_today !== null && <li>Remaining: {b.remaining_today}</li>}
        {b.refused_today > 0 && <li>Refused today: {b.refused_today}</li>}
        <li>
          Cycle interval: {Math.round(b.effective_cycle_seconds)} s
          {stretched ? ` (stretched from ${Math.round(b.configured_cycle_seconds)} s to make the budget last)` : ''}
        </li>
        <li>{b.organizations_sharing} organizations share it, {b.requests_per_cycle.toFixed(2)} requests a cycle</li>
      </ul>
      {b.connections && b.connections.length > 0 && (
        <table aria-label="Upwork requests today by connection">
          <thead>
            <tr>
              <th scope="col">Connection</th>
              <th scope="col" class="num">Requests today</th>
            </tr>
          </thead>
          <tbody>
            {b.connections.map((c) => (
              <tr key={c.connection_id}>
                <th scope="row">Connection {c.connection_id}</th>
                <td class="num">{c.requests_today}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function Operators({ me }: { me: Me }) {
  const actors = useApi(() => get<ActorOverview>('/api/v1/admin/actors?limit=20'), [], () => 5000);
  // Organization names for the lag table; the status API is the one that has them.
  const status = useApi(() => get<Status>('/api/v1/upwork/status'), []);
  const requests = useApi(upworkRequests, [], () => 5000);
  const names = new Map(status.data?.organizations.map((o) => [o.id, o.name]) ?? []);
  const a = actors.data;
  return (
    <>
      <h1>Operators</h1>
      {me.member.role !== 'super_admin' && <p class="note">This page is for super admins; the API will refuse the rest.</p>}
      <Alert message={actors.error} />
      {actors.loading && !a && <Working label="Loading…" />}
      {a && (
        <>
          <p class="note">Taken {a.taken_at ? dateTime(a.taken_at) : 'not yet (the engine reports every second)'}.</p>
          <h2 id="kinds-heading">Actors by kind</h2>
          <table aria-labelledby="kinds-heading">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col" class="num">Alive</th>
                <th scope="col" class="num">Messages handled</th>
                <th scope="col" class="num">Mailbox size</th>
                <th scope="col" class="num">Largest mailbox</th>
                <th scope="col" class="num">Failures</th>
                <th scope="col" class="num">Restarts</th>
              </tr>
            </thead>
            <tbody>
              {a.kinds.map((k) => (
                <tr key={k.kind}>
                  <th scope="row">{k.kind}</th>
                  <td class="num">{k.alive}</td>
                  <td class="num">{k.messages_handled}</td>
                  <td class="num">{k.mailbox_size}</td>
                  <td class="num">{k.mailbox_max}</td>
                  <td class="num">{k.failures}</td>
                  <td class="num">{k.restarts}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 id="lag-heading">Sync lag by organization</h2>
          {a.lagging.length === 0 ? <p class="note">No organization actor yet.</p> : (
            <table aria-labelledby="lag-heading">
              <thead>
                <tr>
                  <th scope="col">Organization</th>
                  <th scope="col">State</th>
                  <th scope="col" class="num">Lag (s)</th>
                  <th scope="col">Last success</th>
                </tr>
              </thead>
              <tbody>
                {a.lagging.map((l) => (
                  <tr key={l.organization_id}>
                    <th scope="row">{names.get(l.organization_id) ?? l.organization_id}</th>
                    <td>{l.state}</td>
                    <td class="num">{l.lag_seconds.toFixed(1)}</td>
                    <td>{dateTime(l.last_success_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2 id="busy-heading">Busiest actors</h2>
          {a.busiest.length === 0 ? <p class="note">None.</p> : (
            <table aria-labelledby="busy-heading">
              <thead>
                <tr>
                  <th scope="col">Actor</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Of</th>
                  <th scope="col">State</th>
                  <th scope="col" class="num">Mailbox</th>
                  <th scope="col" class="num">Recent messages</th>
                  <th scope="col" class="num">Handled</th>
                </tr>
              </thead>
              <tbody>
                {a.busiest.map((b) => (
                  <tr key={b.actor_id}>
                    <th scope="row">{b.actor_id}</th>
                    <td>{b.kind}</td>
                    <td>
                      {b.contract_id ? `contract ${b.contract_id}` : b.organization_id ? names.get(b.organization_id) ?? `organization ${b.organization_id}` : 'engine'}
                    </td>
                    <td>{b.state ?? '—'}</td>
                    <td class="num">{b.mailbox_size}</td>
                    <td class="num">{b.messages_recent}</td>
                    <td class="num">{b.messages_handled}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {a?.upwork_requests && <RequestBudget b={a.upwork_requests} />}
      <h2>Upwork requests</h2>
      {requests.error && <p class="note">{requests.error}</p>}
      {requests.data && (
        <>
          <p>
            {requests.data.total} requests since start, {requests.data.limited} answered 429 (rate limited).
          </p>
          {requests.data.rate !== undefined && (
            <p>
              Request rate in force: {requests.data.rate.toFixed(2)}/s
              {requests.data.decreases ? `, halved ${requests.data.decreases} time${requests.data.decreases === 1 ? '' : 's'} after a 429 since start` : ''}.
            </p>
          )}
          <ul class="org-head" aria-label="Upwork requests by status">
            {requests.data.byStatus.map(([s, n]) => <li key={s}>{s}: {n}</li>)}
          </ul>
        </>
      )}
    </>
  );
}
