export function ReconciliationPage({ contractId }: { contractId: string }) {
  return <h1>Reconciliation of contract {contractId}</h1>;
}
