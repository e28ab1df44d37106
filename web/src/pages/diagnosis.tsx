export function Diagnosis({ contractId }: { contractId: string }) {
  return <h1>Why is contract {contractId} not syncing?</h1>;
}
