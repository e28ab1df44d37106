// An organization's sync history (issue 20): its imports, cycles and refreshes, newest
// first, 20 at a time with "Older runs" appending the next page. It is read when opened and
// not polled: a list that grew at its top while one reads further down would jump.
import { useRef, useState } from 'preact/hooks';
import { get, messageOf, seg } from '../api';
import { dateTime, duration } from '../format';
import type { StatusOrganization, SyncRun, SyncRuns } from '../types';
import { Alert } from './alert';
import { Badge } from './badge';
import { Dialog } from './dialog';
import { useApi } from './use_api';
import { Working } from './working';

const pageSize = 20;

const kindName: Record<SyncRun['kind'], string> = {
  import: 'Import',
  cycle: 'Cycle',
  refresh: 'Refresh',
};

const resultTone: Record<SyncRun['result'], 'ok' | 'warn' | 'bad'> = {
  succeeded: 'ok',
  partial: 'warn',
  failed: 'bad',
};

/// The button beside "Sync now", and the dialog it opens.
export function SyncHistory({ org: o }: { org: StatusOrganization }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" class="secondary" aria-label={`Sync history of ${o.name}`} onClick={() => setOpen(true)}>
        Sync history
      </button>
      {open && <SyncHistoryDialog org={o} onClose={() => setOpen(false)} />}
    </>
  );
}

function SyncHistoryDialog({ org: o, onClose }: { org: StatusOrganization; onClose: () => void }) {
  const path = `/api/v1/upwork/organizations/${seg(o.id)}/runs?limit=${pageSize}`;
  const runs = useApi(() => get<SyncRuns>(path), [path]);
  const [older, setOlder] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const close = useRef<HTMLButtonElement>(null);

  // While a page loads the button ignores clicks rather than turn disabled: a disabled
  // button loses focus. After the oldest page it goes away, so focus moves to Close.
  const loadOlder = async () => {
    const before = runs.data?.next_before;
    if (older.busy || !before) return;
    setOlder({ busy: true });
    try {
      const next = await get<SyncRuns>(`${path}&before=${encodeURIComponent(before)}`);
      runs.set((d) => d && { items: [...d.items, ...next.items], next_before: next.next_before });
      setOlder({ busy: false });
      if (next.next_before === null) close.current?.focus();
    } catch (e) {
      setOlder({ busy: false, error: messageOf(e) });
    }
  };

  const items = runs.data?.items ?? [];
  return (
    <Dialog title={`Sync history: ${o.name}`} onClose={onClose} wide>
      <Alert message={runs.error} />
      {runs.loading && !runs.data && <Working label="Loading…" />}
      {runs.data && items.length === 0 && <p class="note">No run yet.</p>}
      {items.length > 0 && (
        <>
          <p class="hint">
            Newest first. Idle cycles in a row (nothing to read) share one row; cells are Upwork's
            10-minute cells written, intervals the time entries made of them.
          </p>
          <table aria-label={`Runs of ${o.name}`}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Result</th>
                <th scope="col" class="num">Contract-days read</th>
                <th scope="col" class="num">Cells</th>
                <th scope="col" class="num">Intervals</th>
                <th scope="col" class="num">Requests</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => <RunRow key={r.id} run={r} />)}
            </tbody>
          </table>
        </>
      )}
      <Alert message={older.error} />
      {older.busy && <Working label="Loading older runs…" />}
      <div class="actions">
        {runs.data?.next_before && (
          <button type="button" class="secondary" onClick={loadOlder}>Older runs</button>
        )}
        <button type="button" class="secondary" ref={close} onClick={onClose}>Close</button>
      </div>
    </Dialog>
  );
}

// One run, its finish time as the row header. A failed or partial run's error follows on a
// row of its own across the table, tied to the run by `headers` so it is read as the run's.
function RunRow({ run: r }: { run: SyncRun }) {
  const whenId = `run-${r.id}-when`;
  const merged = r.cycles > 1;
  return (
    <>
      <tr>
        <th scope="row" id={whenId}>
          {merged ? `${dateTime(r.started_at)} – ${dateTime(r.finished_at)}` : dateTime(r.finished_at)}
          <br />
          <span class="hint">{merged ? 'over' : 'took'} {duration(r.started_at, r.finished_at)}</span>
        </th>
        <td>{merged ? `${r.cycles} idle cycles` : kindName[r.kind]}</td>
        <td><Badge text={r.result} tone={resultTone[r.result]} /></td>
        <td class="num">{r.contract_days_read}</td>
        <td class="num">{r.cells_written}</td>
        <td class="num">{r.intervals_written}</td>
        <td class="num">{r.requests}</td>
      </tr>
      {r.error && r.result !== 'succeeded' && (
        <tr>
          <td colSpan={7} headers={whenId} class="sync-error">Error: {r.error}</td>
        </tr>
      )}
    </>
  );
}
