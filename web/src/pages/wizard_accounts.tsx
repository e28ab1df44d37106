export function WizardAccounts({ connection }: { connection?: string }) {
  return <h1>Accounts {connection}</h1>;
}
