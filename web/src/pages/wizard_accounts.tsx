// Wizard step 1 (F4): every discovered organization, all preselected; the person
// deselects what not to sync. "Next" saves the choice (PUT) and goes on to the mapping.
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, messageOf, put } from '../api';
import { Alert } from '../components/alert';
import { Avatar } from '../components/avatar';
import { Badge } from '../components/badge';
import { useApi } from '../components/use_api';
import { WizardSteps } from '../components/wizard_steps';
import { Working } from '../components/working';
import { dateTime, typeName } from '../format';
import { navigate } from '../router';
import type { WizardAccounts as Accounts } from '../types';

const scopeNames: Record<string, string> = {
  time_and_contracts: 'time & contracts',
  basic_user_profiles: 'basic user profiles',
  client_company_references: 'client/company references',
};

export function WizardAccounts({ connection }: { connection?: string }) {
  // Discovery may still run after the OAuth callback: poll until it is done.
  const accounts = useApi(() => get<Accounts>('/api/v1/upwork/wizard/accounts'), [],
    (d) => (d?.discovery && d.discovery.status !== 'done' ? 2000 : undefined));
  const [selected, setSelected] = useState<Set<string> | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  // The server's selection is the starting point; an organization found while the page is
  // open (discovery finishing) joins as the server has it, without undoing the person's clicks.
  const known = useRef(new Set<string>());
  useEffect(() => {
    const orgs = accounts.data?.organizations;
    if (!orgs) return;
    setSelected((mine) => {
      const next = new Set(mine ?? []);
      for (const o of orgs) {
        if (!known.current.has(o.id) && o.selected) next.add(o.id);
        known.current.add(o.id);
      }
      return next;
    });
  }, [accounts.data]);

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  const next = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await put<Accounts>('/api/v1/upwork/wizard/accounts', { selected: [...(selected ?? [])] });
      navigate('/console/wizard/mapping');
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  const data = accounts.data;
  const scopes = data?.sync_info.scopes.map((s) => scopeNames[s] ?? s).join(', ') ?? '';
  return (
    <>
      <WizardSteps current={1} />
      <h1>Accounts</h1>
      {connection && <p class="note">Upwork connection {connection} is connected. Choose the organizations to sync.</p>}
      <Alert message={error ?? accounts.error} />
      {accounts.loading && !data && <Working label="Loading…" />}
      {data?.discovery && data.discovery.status !== 'done' && (
        <p role="status" class="note">
          {data.discovery.status === 'pending'
            ? 'Still discovering organizations on Upwork…'
            : `Discovery failed (${data.discovery.error ?? 'no detail'}); it is retried in the background.`}
        </p>
      )}
      {data && (
        <form onSubmit={next}>
          {data.organizations.length === 0 && <p class="note">No organization found yet. Connect Upwork on the Integrations page.</p>}
          <ul class="cards grid" aria-label="Organizations">
            {data.organizations.map((o) => (
              <li key={o.id} class="card org-card">
                <Avatar url={o.avatar_url} name={o.name} />
                <div>
                  <div class="field inline">
                    <input type="checkbox" id={`org-${o.id}`} checked={selected?.has(o.id) ?? o.selected}
                      onChange={(e) => toggle(o.id, (e.target as HTMLInputElement).checked)} />
                    <label for={`org-${o.id}`}>{o.name}</label>
                  </div>
                  <Badge text={typeName[o.type]} tone="info" />
                  <p class="note">
                    {o.users_count} user{o.users_count === 1 ? '' : 's'} · {o.contracts_count} contract
                    {o.contracts_count === 1 ? '' : 's'}
                  </p>
                </div>
              </li>
            ))}
          </ul>
          <h2>What the import reads</h2>
          <div class="fields">
            <div class="field">
              <label for="scope">Sync scope</label>
              {/* Fixed by the permissions upsync asks Upwork for (F2); shown, not chosen. */}
              <select id="scope" aria-describedby="scope-hint">
                <option value="all">{scopes}</option>
              </select>
              <span class="hint" id="scope-hint">What upsync reads from Upwork for every selected organization.</span>
            </div>
            <div class="field">
              <label for="import-days">Import period (days)</label>
              <input id="import-days" type="number" readOnly value={data.sync_info.import_days}
                aria-describedby="import-hint" />
              <span class="hint" id="import-hint">The first sync imports this many past days (server setting UPSYNC_IMPORT_DAYS).</span>
            </div>
          </div>
          {data.discovery?.discovered_at && <p class="note">Last discovery: {dateTime(data.discovery.discovered_at)}</p>}
          <div class="actions">
            <button type="submit" disabled={busy}>Next</button>
          </div>
          {busy && <Working label="Saving…" />}
        </form>
      )}
    </>
  );
}
