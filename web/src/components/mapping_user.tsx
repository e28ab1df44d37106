// One Upwork user of wizard step 2 (F5): the member it maps to (the suggestion marked),
// "+ Create new member", its sync switch, a lock with a way to unlock, and its contracts
// nested in a list that is open by default.
import { useState } from 'preact/hooks';
import { patch, post, seg } from '../api';
import type { MappingContract, MappingUser, Member, OrganizationType, Project } from '../types';
import { CreateMemberDialog } from './create_dialogs';
import { described, FieldError } from './field_error';
import { ChainIcon, PencilIcon } from './icons';
import { ContractRow } from './mapping_contract';
import { SaveState } from './save_state';
import { useSaver } from './use_saver';

const createNew = '__create__';

interface Props {
  orgId: string;
  orgType: OrganizationType;
  user: MappingUser;
  members: Member[];
  projects: Project[];
  onChanged: (u: MappingUser) => void;
  onMemberCreated: (m: Member) => void;
  onProjectCreated: (p: Project) => void;
}

export function UserRow({ orgId, orgType, user: u, members, projects, onChanged, onMemberCreated, onProjectCreated }: Props) {
  const saver = useSaver();
  const [creating, setCreating] = useState(false);
  const base = `user-${orgId}-${u.upwork_user_id}`;
  const path = `/api/v1/upwork/organizations/${seg(orgId)}/users/${seg(u.upwork_user_id)}`;

  const save = async (field: string, run: () => Promise<MappingUser>) => {
    const fresh = await saver.save(field, run);
    if (fresh) onChanged(fresh);
    return fresh;
  };

  const onMember = (e: Event) => {
    const select = e.currentTarget as HTMLSelectElement;
    const value = select.value;
    const before = u.member_id ?? '';
    if (value === createNew) {
      select.value = before;
      setCreating(true);
      return;
    }
    void save('member', () => patch<MappingUser>(path, { member_id: value || null })).then((ok) => {
      if (!ok) select.value = before;
    });
  };

  const onSync = (e: Event) => {
    const box = e.currentTarget as HTMLInputElement;
    const before = u.sync;
    void save('sync', () => patch<MappingUser>(path, { sync: box.checked })).then((ok) => {
      if (!ok) box.checked = before;
    });
  };

  const onContract = (c: MappingContract) =>
    onChanged({ ...u, contracts: u.contracts.map((x) => (x.id === c.id ? c : x)) });

  // Options read as plain member names (so a name is chosen by its name); the automatic
  // match is marked beside the field, and an unmapped user offers it in one click.
  const suggested = members.find((m) => m.id === u.suggested_member_id && m.active);
  // A deactivated member gets no new Upwork user; one already mapped stays shown as it is.
  const offered = members.filter((m) => m.active || m.id === u.member_id);
  const matchWords = u.match === 'exact' ? 'exact match' : 'close match';

  return (
    <li class={u.locked ? 'user locked' : 'user'}>
      <div class="user-head">
        <h3>
          {u.name} {u.email && <span class="hint">{u.email}</span>}
        </h3>
        {u.locked && (
          <span class="lock"><ChainIcon /> Locked</span>
        )}
        {u.locked && (
          <button type="button" class="secondary icon" disabled={!!saver.saving}
            onClick={() => void save('unlock', () => post<MappingUser>(`${path}/unlock`))}>
            <PencilIcon /> Unlock {u.name}
          </button>
        )}
      </div>
      <FieldError id={`${base}-unlock-error`} message={saver.errors.unlock} />
      <div class="fields">
        <div class="field">
          <label for={`${base}-member`}>Member for {u.name}</label>
          <select id={`${base}-member`} value={u.member_id ?? ''} disabled={u.locked} onChange={onMember}
            {...described(`${base}-member-error`, saver.errors.member)}>
            <option value="">Not mapped</option>
            {offered.map((m) => (
              <option key={m.id} value={m.id}>{m.name}{m.active ? '' : ' (deactivated)'}</option>
            ))}
            <option value={createNew}>+ Create new member</option>
          </select>
          {suggested && (
            <span class="hint suggested">
              Suggested: {suggested.name} ({matchWords}){u.member_id === suggested.id ? ' — chosen' : ''}
            </span>
          )}
          {suggested && !u.member_id && !u.locked && (
            <button type="button" class="secondary icon" disabled={!!saver.saving}
              onClick={() => void save('member', () => patch<MappingUser>(path, { member_id: suggested.id }))}>
              Use suggestion for {u.name}
            </button>
          )}
          <FieldError id={`${base}-member-error`} message={saver.errors.member} />
        </div>
        <div class="field inline">
          <input type="checkbox" id={`${base}-sync`} checked={u.sync} disabled={u.locked} onChange={onSync}
            {...described(`${base}-sync-error`, saver.errors.sync)} />
          <label for={`${base}-sync`}>Sync {u.name}</label>
        </div>
        <SaveState saving={saver.saving} saved={saver.saved} />
      </div>
      <FieldError id={`${base}-sync-error`} message={saver.errors.sync} />
      {u.contracts.length > 0 && (
        <details class="contracts" open>
          <summary>Contracts of {u.name} ({u.contracts.length})</summary>
          <ul class="cards">
            {u.contracts.map((c) => (
              <ContractRow key={c.id} contract={c} orgType={orgType} projects={projects} userLocked={u.locked}
                onChanged={onContract} onProjectCreated={onProjectCreated} />
            ))}
          </ul>
        </details>
      )}
      {creating && (
        <CreateMemberDialog forName={u.name} name={u.name} email={u.email ?? ''} onClose={() => setCreating(false)}
          onCreated={async (m) => {
            onMemberCreated(m);
            setCreating(false);
            await save('member', () => patch<MappingUser>(path, { member_id: m.id }));
          }} />
      )}
    </li>
  );
}
