// Integrations (F2, F11): connect Upwork, and per connection its state, re-authorize,
// disconnect (confirmed in a dialog) and the way into the mapping.
import { useState } from 'preact/hooks';
import { del, get, messageOf, post, seg } from '../api';
import { Alert } from '../components/alert';
import { Badge } from '../components/badge';
import { Dialog } from '../components/dialog';
import { Link } from '../components/link';
import { useApi } from '../components/use_api';
import { Working } from '../components/working';
import { dateTime } from '../format';
import type { AuthorizationStart, Connection, Items } from '../types';

const statusBadge: Record<Connection['status'], { text: string; tone: 'ok' | 'warn' | 'bad' }> = {
  active: { text: 'active', tone: 'ok' },
  needs_reauth: { text: 'needs re-auth', tone: 'warn' },
  disconnected: { text: 'disconnected', tone: 'bad' },
};

export function Integrations() {
  // While a discovery runs in the background, poll so its end shows without a reload.
  const connections = useApi(() => get<Items<Connection>>('/api/v1/upwork/connections'), [],
    (d) => (d?.items.some((c) => c.discovery.status !== 'done' && c.status === 'active') ? 3000 : undefined));
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState<Connection | undefined>(undefined);

  // Both start the OAuth flow: the browser goes to Upwork and comes back to the wizard.
  const authorize = async (label: string, path: string) => {
    setBusy(label);
    setError(undefined);
    try {
      const start = await post<AuthorizationStart>(path);
      window.location.assign(start.authorize_url);
    } catch (e) {
      setError(messageOf(e));
      setBusy(undefined);
    }
  };

  const disconnect = async (c: Connection) => {
    setBusy('Disconnecting…');
    setError(undefined);
    try {
      await del<Connection>(`/api/v1/upwork/connections/${seg(c.id)}`);
      setConfirming(undefined);
      await connections.reload();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(undefined);
    }
  };

  const items = connections.data?.items ?? [];
  return (
    <>
      <h1>Integrations</h1>
      <p>Connect an Upwork account; every organization it reaches can then be mapped and synced.</p>
      <Alert message={error ?? connections.error} />
      <p>
        <button type="button" disabled={!!busy} onClick={() => authorize('Opening Upwork…', '/api/v1/upwork/connections')}>
          Connect Upwork
        </button>
      </p>
      {busy && <Working label={busy} />}
      {connections.loading && !connections.data && <Working label="Loading…" />}
      {connections.data && items.length === 0 && <p class="note">No Upwork connection yet.</p>}
      {items.length > 0 && (
        <ul class="cards" aria-label="Upwork connections">
          {items.map((c) => (
            <li key={c.id} class="card">
              <h2 class="card-title">
                Upwork connection {c.id} <Badge {...statusBadge[c.status]} />
              </h2>
              <p>
                Connected {dateTime(c.created_at)} · {c.organization_ids.length} organization
                {c.organization_ids.length === 1 ? '' : 's'}
              </p>
              <DiscoveryLine connection={c} />
              <div class="actions">
                <button type="button" class="secondary" disabled={!!busy}
                  onClick={() => authorize('Opening Upwork…', `/api/v1/upwork/connections/${seg(c.id)}/reauthorize`)}>
                  Re-authorize
                </button>
                <button type="button" class="danger" disabled={!!busy || c.status === 'disconnected'}
                  onClick={() => setConfirming(c)}>
                  Disconnect
                </button>
                <Link class="button-link" href="/console/wizard/mapping">Configure mapping</Link>
              </div>
            </li>
          ))}
        </ul>
      )}
      {confirming && (
        <Dialog title={`Disconnect Upwork connection ${confirming.id}?`} onClose={() => setConfirming(undefined)}>
          <p>Sync stops and the stored Upwork tokens are deleted. Synced time, organizations and mappings stay;
            re-authorizing connects it again.</p>
          <Alert message={error} />
          <div class="actions">
            <button type="button" class="danger" disabled={!!busy} onClick={() => disconnect(confirming)}>Disconnect</button>
            <button type="button" class="secondary" onClick={() => setConfirming(undefined)}>Cancel</button>
          </div>
          {busy && <Working label={busy} />}
        </Dialog>
      )}
    </>
  );
}

function DiscoveryLine({ connection }: { connection: Connection }) {
  const d = connection.discovery;
  if (d.status === 'done') return <p class="note">Organizations discovered {dateTime(d.discovered_at)}.</p>;
  if (d.status === 'pending') return <p class="note" role="status">Discovering organizations…</p>;
  return (
    <p class="note">
      Discovery failed ({d.failures} attempt{d.failures === 1 ? '' : 's'}): {d.error ?? 'no detail'}. It is retried in the background.
    </p>
  );
}
