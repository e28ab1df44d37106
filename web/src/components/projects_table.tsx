// The workspace's projects, one row each (name as the row header): active ones first, then
// the archived ones, dimmed; each row edits its project in a dialog and archives it or
// brings it back in one click (archiving hides it from new mappings, nothing is deleted).
import { useState } from 'preact/hooks';
import { patch, seg } from '../api';
import type { Project } from '../types';
import { FieldError } from './field_error';
import { ProjectDialog } from './project_dialog';
import { useSaver } from './use_saver';

interface Props {
  projects: Project[];
  labelledBy: string;
  onChanged: (p: Project) => void;
}

const order = (a: Project, b: Project) => Number(a.archived) - Number(b.archived) || a.name.localeCompare(b.name);

export function ProjectsTable({ projects, labelledBy, onChanged }: Props) {
  const [editing, setEditing] = useState<Project | undefined>(undefined);
  return (
    <>
      <table aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Client</th>
            <th scope="col">Billable</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {[...projects].sort(order).map((p) => (
            <ProjectRow key={p.id} project={p} onChanged={onChanged} onEdit={setEditing} />
          ))}
        </tbody>
      </table>
      {editing && (
        <ProjectDialog project={editing} onClose={() => setEditing(undefined)}
          onSaved={(p) => {
            onChanged(p);
            setEditing(undefined);
          }} />
      )}
    </>
  );
}

function ProjectRow({ project: p, onChanged, onEdit }: {
  project: Project;
  onChanged: (p: Project) => void;
  onEdit: (p: Project) => void;
}) {
  const saver = useSaver();
  const errorId = `project-${p.id}-error`;
  const archive = async (archived: boolean) => {
    const fresh = await saver.save('archived', () => patch<Project>(`/api/v1/projects/${seg(p.id)}`, { archived }));
    if (fresh) onChanged(fresh);
  };
  // "note" dims the row with the stylesheet's muted ink; the State cell says it in words.
  return (
    <tr class={p.archived ? 'note' : undefined}>
      <th scope="row">{p.name}</th>
      <td>{p.client_name ?? '—'}</td>
      <td>{p.billable ? 'Yes' : 'No'}</td>
      <td>{p.archived ? 'Archived' : 'Active'}</td>
      <td>
        <button type="button" class="secondary" aria-label={`Edit ${p.name}`} onClick={() => onEdit(p)}>Edit</button>{' '}
        <button type="button" class="secondary" disabled={!!saver.saving}
          aria-label={`${p.archived ? 'Unarchive' : 'Archive'} ${p.name}`} onClick={() => archive(!p.archived)}>
          {p.archived ? 'Unarchive' : 'Archive'}
        </button>
        <FieldError id={errorId} message={saver.errors.archived} />
      </td>
    </tr>
  );
}
