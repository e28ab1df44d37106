export function WizardMapping() {
  return <h1>Mapping</h1>;
}
