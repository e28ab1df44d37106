// Editing a project: its name, client and billable flag, saved in one PATCH of only what
// changed. A refusal is shown beside the field it names (a name another project has is
// the name's), anything else under the form; the dialog stays open to fix it.
import { useState } from 'preact/hooks';
import { ApiError, messageOf, patch, seg } from '../api';
import type { Project } from '../types';
import { Alert } from './alert';
import { Dialog } from './dialog';
import { described, FieldError } from './field_error';
import { Working } from './working';

type Field = 'name' | 'client_name' | 'billable';

function fieldOf(e: unknown): Field | undefined {
  if (!(e instanceof ApiError)) return undefined;
  if (e.field === 'name' || e.field === 'client_name' || e.field === 'billable') return e.field;
  return e.code === 'conflict' ? 'name' : undefined;
}

export function ProjectDialog({ project: p, onSaved, onClose }: {
  project: Project;
  onSaved: (p: Project) => void;
  onClose: () => void;
}) {
  const [name, setName] = useState(p.name);
  const [client, setClient] = useState(p.client_name ?? '');
  const [billable, setBillable] = useState(p.billable);
  const [error, setError] = useState<{ field?: Field; message: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const change: Partial<Record<Field, unknown>> = {};
    if (name.trim() !== p.name) change.name = name.trim();
    const clientName = client.trim() === '' ? null : client.trim();
    if (clientName !== p.client_name) change.client_name = clientName;
    if (billable !== p.billable) change.billable = billable;
    if (Object.keys(change).length === 0) {
      onClose(); // nothing changed: nothing to save
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await patch<Project>(`/api/v1/projects/${seg(p.id)}`, change));
    } catch (err) {
      setError({ field: fieldOf(err), message: messageOf(err) });
      setBusy(false);
    }
  };

  const errorOf = (f: Field) => (error?.field === f ? error.message : undefined);
  return (
    <Dialog title={`Edit project ${p.name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="edit-project-name">Name</label>
          <input id="edit-project-name" type="text" value={name} required
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
            {...described('edit-project-name-error', errorOf('name'))} />
          <FieldError id="edit-project-name-error" message={errorOf('name')} />
        </div>
        <div class="field">
          <label for="edit-project-client">Client</label>
          <input id="edit-project-client" type="text" value={client}
            aria-describedby={errorOf('client_name') ? 'edit-project-client-error edit-project-client-hint' : 'edit-project-client-hint'}
            aria-invalid={errorOf('client_name') ? true : undefined}
            onInput={(e) => setClient((e.target as HTMLInputElement).value)} />
          <span class="hint" id="edit-project-client-hint">Optional; empty for none</span>
          <FieldError id="edit-project-client-error" message={errorOf('client_name')} />
        </div>
        <div class="field inline">
          <input id="edit-project-billable" type="checkbox" checked={billable}
            onChange={(e) => setBillable((e.target as HTMLInputElement).checked)}
            {...described('edit-project-billable-error', errorOf('billable'))} />
          <label for="edit-project-billable">Billable</label>
        </div>
        <FieldError id="edit-project-billable-error" message={errorOf('billable')} />
        <Alert message={error && !error.field ? error.message : undefined} />
        <div class="actions">
          <button type="submit" disabled={busy}>Save</button>
          <button type="button" class="secondary" onClick={onClose}>Cancel</button>
        </div>
        {busy && <Working label="Saving…" />}
      </form>
    </Dialog>
  );
}
