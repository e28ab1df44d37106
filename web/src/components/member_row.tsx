// One member of the Workspace page: their role (saved as it is chosen; a refusal puts the
// saved role back with the reason beside it), their state, and the actions on them. A
// member who outranks the caller is shown but not offered for change (the API refuses it).
import { patch, post, seg } from '../api';
import type { Member, NewToken, Role } from '../types';
import { Badge } from './badge';
import { described, FieldError } from './field_error';
import { outranks, roleName, roles } from './roles';
import { SaveState } from './save_state';
import { useSaver } from './use_saver';

interface Props {
  member: Member;
  me: Member;
  onChanged: (m: Member) => void;
  onDeactivate: (m: Member) => void;
  onToken: (m: Member, token: string) => void;
  onTokens: (m: Member) => void;
}

export function MemberRow({ member: m, me, onChanged, onDeactivate, onToken, onTokens }: Props) {
  const saver = useSaver();
  const base = `member-${m.id}`;
  const path = `/api/v1/members/${seg(m.id)}`;
  const above = outranks(m.role, me.role);

  const onRole = (e: Event) => {
    const select = e.currentTarget as HTMLSelectElement;
    const before = m.role;
    void saver.save('role', () => patch<Member>(path, { role: select.value as Role })).then((fresh) => {
      if (fresh) onChanged(fresh);
      else select.value = before;
    });
  };

  // While one save runs the buttons ignore clicks rather than turn disabled: a disabled
  // button loses focus, and the token's dialog would then not give it back on closing.
  const reactivate = async () => {
    if (saver.saving) return;
    const fresh = await saver.save('action', () => patch<Member>(path, { active: true }));
    if (fresh) onChanged(fresh);
  };

  const createToken = async () => {
    if (saver.saving) return;
    const created = await saver.save('action', () => post<NewToken>(`${path}/tokens`));
    if (created) onToken(m, created.token);
  };

  const only = (field: string, value: string | undefined) => (value === field ? value : undefined);
  return (
    <tr>
      <th scope="row">
        {m.name}
        {m.id === me.id && <span class="hint"> (you)</span>}
      </th>
      <td>{m.email}</td>
      <td>
        {/* Not disabled while saving: the keyboard's arrows change a select at once, and
            disabling it would throw focus out between two presses. */}
        <select aria-label={`Role of ${m.name}`} value={m.role} disabled={above}
          onChange={onRole} {...described(`${base}-role-error`, saver.errors.role)}>
          {roles.map((r) => (
            <option key={r} value={r} disabled={outranks(r, me.role)}>{roleName[r]}</option>
          ))}
        </select>
        <SaveState saving={only('role', saver.saving)} saved={only('role', saver.saved)} />
        <FieldError id={`${base}-role-error`} message={saver.errors.role} />
      </td>
      <td>{m.active ? <Badge text="Active" tone="ok" /> : <Badge text="Deactivated" tone="bad" />}</td>
      <td>
        {/* Buttons side by side in the cell (no .actions: its top margin would misalign the row). */}
        {m.active ? (
          <button type="button" class="secondary" disabled={above} aria-label={`Deactivate ${m.name}`}
            onClick={() => onDeactivate(m)}>
            Deactivate
          </button>
        ) : (
          <button type="button" class="secondary" disabled={above} aria-label={`Reactivate ${m.name}`}
            onClick={reactivate}>
            Reactivate
          </button>
        )}{' '}
        <button type="button" class="secondary" disabled={above || !m.active}
          aria-label={`Create sign-in token for ${m.name}`} onClick={createToken}>
          Create sign-in token
        </button>{' '}
        <button type="button" class="secondary" aria-label={`Tokens of ${m.name}`} onClick={() => onTokens(m)}>
          Tokens
        </button>
        <FieldError id={`${base}-action-error`} message={saver.errors.action} />
      </td>
    </tr>
  );
}
