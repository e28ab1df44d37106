// A member's sign-in tokens, newest first: when each was created, whether it still works,
// and a way to revoke the ones that do (a revoked token answers 401 from then on).
import { useState } from 'preact/hooks';
import { del, get, messageOf, seg } from '../api';
import { dateTime } from '../format';
import type { Items, Member, MemberToken } from '../types';
import { Alert } from './alert';
import { Dialog } from './dialog';
import { useApi } from './use_api';
import { Working } from './working';

export function TokensDialog({ member: m, onClose }: { member: Member; onClose: () => void }) {
  const path = `/api/v1/members/${seg(m.id)}/tokens`;
  const tokens = useApi(() => get<Items<MemberToken>>(path), [path]);
  const [revoking, setRevoking] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const revoke = async (t: MemberToken) => {
    setRevoking(t.id);
    setError(undefined);
    try {
      const { token } = await del<{ token: MemberToken }>(`${path}/${seg(t.id)}`);
      tokens.set((d) => d && { items: d.items.map((x) => (x.id === token.id ? token : x)) });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setRevoking(undefined);
    }
  };

  const items = tokens.data?.items ?? [];
  return (
    <Dialog title={`Sign-in tokens of ${m.name}`} onClose={onClose}>
      <Alert message={error ?? tokens.error} />
      {tokens.loading && !tokens.data && <Working label="Loading…" />}
      {tokens.data && items.length === 0 && (
        <p class="note">{m.name} has no sign-in token yet (members the wizard creates have none until one is created).</p>
      )}
      {items.length > 0 && (
        <table aria-label={`Sign-in tokens of ${m.name}`}>
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col">Created</th>
              <th scope="col">State</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id}>
                <th scope="row">Token {t.id}</th>
                <td>{dateTime(t.created_at)}</td>
                <td>{t.revoked_at ? `Revoked ${dateTime(t.revoked_at)}` : 'Active'}</td>
                <td>
                  {!t.revoked_at && (
                    <button type="button" class="danger" disabled={!!revoking} onClick={() => revoke(t)}>
                      Revoke token {t.id}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking && <Working label="Revoking…" />}
      <div class="actions">
        <button type="button" class="secondary" onClick={onClose}>Close</button>
      </div>
    </Dialog>
  );
}
