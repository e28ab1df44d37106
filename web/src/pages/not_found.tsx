// Any /console path the console does not know (upsyncd answers index.html for all of them).
import { Link } from '../components/link';

export function NotFound({ path }: { path: string }) {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no console page at {path}. <Link href="/console/integrations">Go to Integrations</Link>.</p>
    </>
  );
}
