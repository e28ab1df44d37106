export function Dashboard() {
  return <h1>Status</h1>;
}
