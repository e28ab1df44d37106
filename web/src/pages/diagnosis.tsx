// Why a contract does or does not sync (F13), every reason in words, from
// GET /api/v1/upwork/contracts/{id}/diagnosis.
import { get, seg } from '../api';
import { Alert } from '../components/alert';
import { Link } from '../components/link';
import { reasonText } from '../components/reasons';
import { useApi } from '../components/use_api';
import { Working } from '../components/working';
import { dateTime } from '../format';
import type { Diagnosis as DiagnosisData } from '../types';

export function Diagnosis({ contractId }: { contractId: string }) {
  const d = useApi(() => get<DiagnosisData>(`/api/v1/upwork/contracts/${seg(contractId)}/diagnosis`), [contractId]);
  return (
    <>
      <p><Link href="/console/dashboard">← Status</Link></p>
      <h1>Why is contract {contractId} not syncing?</h1>
      <Alert message={d.error} />
      {d.loading && !d.data && <Working label="Loading…" />}
      {d.data && (
        <>
          {d.data.syncing ? (
            <p class="sync-ok">
              It syncs.{d.data.closing_until && ` It is paused or closed on Upwork and keeps syncing the days Upwork can still change until ${dateTime(d.data.closing_until)}.`}
            </p>
          ) : (
            <>
              <p class="sync-off">It does not sync, because:</p>
              <ul>{d.data.reasons.map((r) => <li key={r}>{reasonText(r)}</li>)}</ul>
            </>
          )}
          {d.data.last_error && (
            <p class="sync-error">
              Last sync error ({dateTime(d.data.last_error.at)}, {d.data.last_error.code}): {d.data.last_error.message}
            </p>
          )}
          <p><Link href="/console/wizard/mapping">Change the mapping</Link></p>
        </>
      )}
    </>
  );
}
