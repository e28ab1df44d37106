// The shell: sign-in until a token works, then the header and the page the path names.
import { useEffect, useState } from 'preact/hooks';
import { get, messageOf, unauthenticatedEvent } from './api';
import { Alert } from './components/alert';
import { Link } from './components/link';
import { manages } from './components/roles';
import { Working } from './components/working';
import { Dashboard } from './pages/dashboard';
import { Diagnosis } from './pages/diagnosis';
import { Integrations } from './pages/integrations';
import { NotFound } from './pages/not_found';
import { Operators } from './pages/operators';
import { ReconciliationPage } from './pages/reconciliation';
import { SignIn } from './pages/signin';
import { WizardAccounts } from './pages/wizard_accounts';
import { WizardMapping } from './pages/wizard_mapping';
import { WizardReview } from './pages/wizard_review';
import { Workspace } from './pages/workspace';
import { type Location, navigate, useLocation } from './router';
import { clearToken, token } from './session';
import type { Me } from './types';

const signInPath = '/console/signin';

export function App() {
  const location = useLocation();
  const [me, setMe] = useState<Me | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [signedOutBecause, setSignedOutBecause] = useState<string | undefined>(undefined);

  // Who is signed in decides the header (Workspace for managers and super admins,
  // Operators for super admins only).
  useEffect(() => {
    if (me || !token()) return;
    get<Me>('/api/v1/me').then(setMe, (e) => setError(messageOf(e)));
  }, [me, location.path === signInPath]);

  // A token that stops working (401 anywhere) ends the session with the reason shown.
  useEffect(() => {
    const onUnauthenticated = (e: Event) => {
      setMe(undefined);
      setSignedOutBecause((e as CustomEvent<string>).detail);
      if (window.location.pathname !== signInPath) navigate(signInPath + '?next=' + encodeURIComponent(here()), true);
    };
    window.addEventListener(unauthenticatedEvent, onUnauthenticated);
    return () => window.removeEventListener(unauthenticatedEvent, onUnauthenticated);
  }, []);

  if (!token() || location.path === signInPath) {
    return (
      <main id="main">
        <SignIn
          reason={signedOutBecause}
          onSignedIn={(who) => {
            setMe(who);
            setSignedOutBecause(undefined);
            // Back to where the person was going: ?next= after a sign-out, or the page this
            // sign-in form stood in for (a link opened without a session).
            const next = location.path === signInPath ? location.query.get('next') : here();
            navigate(next && next.startsWith('/console') && !next.startsWith(signInPath) ? next : '/console/integrations', true);
          }}
        />
      </main>
    );
  }

  const signOut = () => {
    clearToken();
    setMe(undefined);
    setSignedOutBecause(undefined);
    navigate(signInPath);
  };

  const section = location.path.startsWith('/console/operators') ? 'operators'
    : location.path.startsWith('/console/workspace') ? 'workspace'
    : location.path.startsWith('/console/dashboard') || location.path.startsWith('/console/contracts') ? 'dashboard'
    : 'integrations';

  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <span class="brand">upsync</span>
        <nav aria-label="Console">
          <ul>
            <li><Link href="/console/integrations" current={section === 'integrations'}>Integrations</Link></li>
            <li><Link href="/console/dashboard" current={section === 'dashboard'}>Dashboard</Link></li>
            {manages(me?.member.role) && (
              <li><Link href="/console/workspace" current={section === 'workspace'}>Workspace</Link></li>
            )}
            {me?.member.role === 'super_admin' && (
              <li><Link href="/console/operators" current={section === 'operators'}>Operators</Link></li>
            )}
          </ul>
        </nav>
        <span class="who">{me ? `${me.member.name} · ${me.workspace.name}` : ''}</span>
        <button type="button" class="secondary" onClick={signOut}>Sign out</button>
      </header>
      <main id="main" tabIndex={-1}>
        <Alert message={error} />
        {me ? page(location, me) : !error && <Working label="Loading…" />}
      </main>
    </>
  );
}

function here(): string {
  return window.location.pathname + window.location.search;
}

function page(location: Location, me: Me) {
  const { path, query } = location;
  const contract = path.match(/^\/console\/contracts\/([^/]+)\/(diagnosis|reconciliation)$/);
  if (contract) {
    const id = decodeURIComponent(contract[1]);
    return contract[2] === 'diagnosis' ? <Diagnosis contractId={id} /> : <ReconciliationPage contractId={id} />;
  }
  switch (path) {
    case '/':
    case '/console':
    case '/console/integrations':
      return <Integrations />;
    case '/console/wizard':
      return <WizardAccounts connection={query.get('connection') ?? undefined} />;
    case '/console/wizard/mapping':
      return <WizardMapping />;
    case '/console/wizard/review':
      return <WizardReview />;
    case '/console/dashboard':
      return <Dashboard />;
    case '/console/operators':
      return <Operators me={me} />;
    case '/console/workspace':
      return <Workspace me={me} />;
    default:
      return <NotFound path={path} />;
  }
}
