// The workspace's members, one row each (name as the row header), and the dialogs their
// rows open: confirming a deactivation, a sign-in token shown once, a member's tokens.
import { useState } from 'preact/hooks';
import { messageOf, patch, seg } from '../api';
import type { Member } from '../types';
import { Alert } from './alert';
import { Dialog } from './dialog';
import { MemberRow } from './member_row';
import { TokenDialog } from './token_dialog';
import { TokensDialog } from './tokens_dialog';
import { Working } from './working';

interface Props {
  members: Member[];
  me: Member;
  labelledBy: string;
  onChanged: (m: Member) => void;
}

export function MembersTable({ members, me, labelledBy, onChanged }: Props) {
  const [deactivating, setDeactivating] = useState<Member | undefined>(undefined);
  const [issued, setIssued] = useState<{ member: Member; token: string } | undefined>(undefined);
  const [tokensOf, setTokensOf] = useState<Member | undefined>(undefined);
  const sorted = [...members].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      <table aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((m) => (
            <MemberRow key={m.id} member={m} me={me} onChanged={onChanged} onDeactivate={setDeactivating}
              onToken={(member, token) => setIssued({ member, token })} onTokens={setTokensOf} />
          ))}
        </tbody>
      </table>
      {deactivating && (
        <DeactivateDialog member={deactivating} me={me} onClose={() => setDeactivating(undefined)}
          onDone={(m) => {
            onChanged(m);
            setDeactivating(undefined);
          }} />
      )}
      {issued && <TokenDialog name={issued.member.name} token={issued.token} onClose={() => setIssued(undefined)} />}
      {tokensOf && <TokensDialog member={tokensOf} onClose={() => setTokensOf(undefined)} />}
    </>
  );
}

// Deactivating locks the member out at once, so it is asked first; a refusal (the last
// active super admin, say) stays in the dialog in words.
function DeactivateDialog({ member: m, me, onClose, onDone }: {
  member: Member;
  me: Member;
  onClose: () => void;
  onDone: (m: Member) => void;
}) {
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const deactivate = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onDone(await patch<Member>(`/api/v1/members/${seg(m.id)}`, { active: false }));
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Deactivate ${m.name}?`} onClose={onClose}>
      <p>{m.name} can no longer sign in: their sign-in tokens stop working. Their time stays in the workspace,
        and they can be reactivated later.</p>
      {m.id === me.id && <p class="note">This is you: your own sign-in stops working too.</p>}
      <Alert message={error} />
      <div class="actions">
        <button type="button" class="danger" disabled={busy} onClick={deactivate}>Deactivate</button>
        <button type="button" class="secondary" onClick={onClose}>Cancel</button>
      </div>
      {busy && <Working label="Deactivating…" />}
    </Dialog>
  );
}
