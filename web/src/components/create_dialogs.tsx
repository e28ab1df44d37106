// Inline creation from wizard step 2 (F5): a member or a project is created in the
// workspace at once (POST /api/v1/members, /api/v1/projects) and then chosen for the row.
import { useState } from 'preact/hooks';
import { messageOf, post } from '../api';
import type { Member, Project } from '../types';
import { Alert } from './alert';
import { Dialog } from './dialog';
import { Working } from './working';

function useCreate<T>(create: () => Promise<T>, onCreated: (value: T) => Promise<void>) {
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onCreated(await create());
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

export function CreateMemberDialog(props: {
  forName: string;
  name: string;
  email: string;
  onCreated: (m: Member) => Promise<void>;
  onClose: () => void;
}) {
  const [name, setName] = useState(props.name);
  const [email, setEmail] = useState(props.email);
  const { error, busy, submit } = useCreate(() => post<Member>('/api/v1/members', { name: name.trim(), email: email.trim() }),
    props.onCreated);
  return (
    <Dialog title={`New member for ${props.forName}`} onClose={props.onClose}>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="new-member-name">Name</label>
          <input id="new-member-name" type="text" value={name} required
            onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="new-member-email">Email</label>
          <input id="new-member-email" type="email" value={email} required
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        </div>
        <Alert message={error} />
        <div class="actions">
          <button type="submit" disabled={busy}>Create</button>
          <button type="button" class="secondary" onClick={props.onClose}>Cancel</button>
        </div>
        {busy && <Working label="Creating…" />}
      </form>
    </Dialog>
  );
}

export function CreateProjectDialog(props: {
  forTitle: string;
  name: string;
  billable: boolean;
  onCreated: (p: Project) => Promise<void>;
  onClose: () => void;
}) {
  const [name, setName] = useState(props.name);
  const [billable, setBillable] = useState(props.billable);
  const { error, busy, submit } = useCreate(() => post<Project>('/api/v1/projects', { name: name.trim(), billable }),
    props.onCreated);
  return (
    <Dialog title={`New project for ${props.forTitle}`} onClose={props.onClose}>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="new-project-name">Name</label>
          <input id="new-project-name" type="text" value={name} required
            onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field inline">
          <input id="new-project-billable" type="checkbox" checked={billable}
            onChange={(e) => setBillable((e.target as HTMLInputElement).checked)} />
          <label for="new-project-billable">Billable</label>
        </div>
        <Alert message={error} />
        <div class="actions">
          <button type="submit" disabled={busy}>Create</button>
          <button type="button" class="secondary" onClick={props.onClose}>Cancel</button>
        </div>
        {busy && <Working label="Creating…" />}
      </form>
    </Dialog>
  );
}
