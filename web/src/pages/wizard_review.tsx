export function WizardReview() {
  return <h1>Review</h1>;
}
