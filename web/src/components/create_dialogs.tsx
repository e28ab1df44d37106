// Inline creation from wizard step 2 (F5): a member or a project is created in the
// workspace at once (POST /api/v1/members, /api/v1/projects) and then chosen for the row.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { messageOf, post } from '../api';
import type { Member, Project } from '../types';
import { Alert } from './alert';
import { Dialog } from './dialog';
import { Working } from './working';

/// The dialog both share: its fields, "Create" and "Cancel", the API's refusal in words
/// (the dialog stays open to fix it) and progress while the request runs. noValidate: the
/// API's message is the one shown, not the browser's own bubble.
function CreateDialog<T>(props: {
  title: string;
  create: () => Promise<T>;
  onCreated: (value: T) => Promise<void>;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.onCreated(await props.create());
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form onSubmit={submit} noValidate>
        {props.children}
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

function TextField(props: { id: string; label: string; type?: string; value: string; onInput: (v: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input id={props.id} type={props.type ?? 'text'} value={props.value} required
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)} />
    </div>
  );
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
  return (
    <CreateDialog title={`New member for ${props.forName}`} onClose={props.onClose} onCreated={props.onCreated}
      create={() => post<Member>('/api/v1/members', { name: name.trim(), email: email.trim() })}>
      <TextField id="new-member-name" label="Name" value={name} onInput={setName} />
      <TextField id="new-member-email" label="Email" type="email" value={email} onInput={setEmail} />
    </CreateDialog>
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
  return (
    <CreateDialog title={`New project for ${props.forTitle}`} onClose={props.onClose} onCreated={props.onCreated}
      create={() => post<Project>('/api/v1/projects', { name: name.trim(), billable })}>
      <TextField id="new-project-name" label="Name" value={name} onInput={setName} />
      <div class="field inline">
        <input id="new-project-billable" type="checkbox" checked={billable}
          onChange={(e) => setBillable((e.target as HTMLInputElement).checked)} />
        <label for="new-project-billable">Billable</label>
      </div>
    </CreateDialog>
  );
}
