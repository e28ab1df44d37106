// The status dashboard (F7): per organization its header, a chart of synced hours per day
// over two weeks, and every contract's state. It polls every 3 s while an import runs so
// progress moves by itself, and every 15 s otherwise.
import { get, messageOf, post, seg } from '../api';
import { Alert } from '../components/alert';
import { ContractStatus } from '../components/contract_status';
import { chartContractLimit, chartedContracts, dailyHours } from '../components/daily_hours';
import { HoursChart } from '../components/hours_chart';
import { Link } from '../components/link';
import { SyncHistory } from '../components/sync_history';
import { useApi } from '../components/use_api';
import { Working } from '../components/working';
import { useState } from 'preact/hooks';
import { dateTime, typeName } from '../format';
import type { Status, StatusOrganization } from '../types';

// Only contracts that sync import; the others stay `pending` with nothing to do.
const importing = (s: Status | undefined) =>
  s?.organizations.some((o) =>
    o.contracts.some((c) => c.syncing && (c.import.state === 'pending' || c.import.state === 'running'))) ?? false;

export function Dashboard() {
  const status = useApi(() => get<Status>('/api/v1/upwork/status'), [], (s) => (importing(s) ? 3000 : 15000));
  const data = status.data;
  return (
    <>
      <h1>Status</h1>
      <Alert message={status.error} />
      {status.loading && !data && <Working label="Loading…" />}
      {importing(data) && <p class="note" role="status">An import is running; this page updates every few seconds.</p>}
      {data && data.organizations.length === 0 && (
        <p class="note">Nothing syncs yet. <Link href="/console/integrations">Connect Upwork</Link> and run the wizard.</p>
      )}
      {data?.organizations.map((o) => <OrganizationStatus key={o.id} org={o} onSynced={status.reload} />)}
    </>
  );
}

// "Sync now" (issue 20): the engine runs the organization's cycle at once; the page reads
// the status again a few seconds later to show what it brought. The sync history sits
// beside it, ahead of its messages, to see what that cycle (and the ones before) did.
function SyncNow({ org: o, onSynced }: { org: StatusOrganization; onSynced: () => void }) {
  const [state, setState] = useState<{ busy: boolean; note?: string; error?: string }>({ busy: false });
  const syncNow = async () => {
    setState({ busy: true });
    try {
      await post(`/api/v1/upwork/organizations/${seg(o.id)}/sync`);
      setState({ busy: false, note: 'Sync requested: new time appears here within a few seconds.' });
      setTimeout(onSynced, 3000);
    } catch (e) {
      setState({ busy: false, error: messageOf(e) });
    }
  };
  return (
    <div class="toolbar">
      <button type="button" class="secondary" disabled={state.busy} onClick={syncNow}
        aria-label={`Sync ${o.name} now`}>
        Sync now
      </button>
      <SyncHistory org={o} />
      {state.busy && <Working label="Asking the engine…" />}
      {state.note && <span class="hint" role="status">{state.note}</span>}
      <Alert message={state.error} />
    </div>
  );
}

function OrganizationStatus({ org: o, onSynced }: { org: StatusOrganization; onSynced: () => void }) {
  const headingId = `status-org-${o.id}`;
  const charted = chartedContracts(o.contracts);
  // The chart's figures change slowly: read them once a minute, not at every poll, and
  // again when a contract joins or its import changes state (an import finishing).
  const key = charted.map((c) => `${c.id}:${c.import.state}`).join(',');
  const chart = useApi(() => dailyHours(charted), [key], () => 60000);
  return (
    <section class="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{o.name}</h2>
      <ul class="org-head">
        <li>{typeName[o.type]}</li>
        <li>Last refresh: {dateTime(o.last_refreshed_at)}</li>
        <li>Last sync: {dateTime(o.last_synced_at)}</li>
        <li>{o.active_contracts} active contract{o.active_contracts === 1 ? '' : 's'}</li>
        <li>{o.syncing_contracts} syncing</li>
        <li>{o.reconciliation_mismatches} day{o.reconciliation_mismatches === 1 ? '' : 's'} not matching Upwork (14 days)</li>
        <li title="Requests its Upwork connection sent today (UTC), shared by every organization of that connection">
          Upwork requests today: {o.connection_requests_today}
        </li>
      </ul>
      <SyncNow org={o} onSynced={onSynced} />
      <Alert message={chart.error} />
      {chart.data && (
        <figure>
          <HoursChart id={`chart-${o.id}`} title={`Synced hours per day, last 14 days: ${o.name}`} days={chart.data} />
          <figcaption class="hint">
            Synced hours per UTC day, summed from each contract's reconciliation
            {charted.length === chartContractLimit ? ` (its first ${chartContractLimit} syncing contracts)` : ''}.
          </figcaption>
        </figure>
      )}
      {o.contracts.length === 0 ? (
        <p class="note">No contract.</p>
      ) : (
        <ul class="cards" aria-label={`Contracts of ${o.name}`}>
          {o.contracts.map((c) => <ContractStatus key={c.id} contract={c} />)}
        </ul>
      )}
    </section>
  );
}
