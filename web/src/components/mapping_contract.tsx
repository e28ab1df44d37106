// One contract of wizard step 2 (F5, F9, F10): its project (or one created now), the two
// rates and its sync switch, each saved as it is changed. The side of the rate Upwork sets
// is saved as the manager's override of Upwork's rate, the other side as the manager's rate.
import { useEffect, useState } from 'preact/hooks';
import { patch, seg } from '../api';
import { upworkSide } from '../format';
import type { MappingContract, OrganizationType, Project } from '../types';
import { Badge } from './badge';
import { CreateProjectDialog } from './create_dialogs';
import { described, FieldError } from './field_error';
import { SaveState } from './save_state';
import { useSaver } from './use_saver';

const createNew = '__create__';

interface Props {
  contract: MappingContract;
  orgType: OrganizationType;
  projects: Project[];
  userLocked: boolean;
  onChanged: (c: MappingContract) => void;
  onProjectCreated: (p: Project) => void;
}

export function ContractRow({ contract: c, orgType, projects, userLocked, onChanged, onProjectCreated }: Props) {
  const saver = useSaver();
  const [creating, setCreating] = useState(false);
  const locked = c.locked || userLocked;
  const base = `contract-${c.id}`;

  const save = async (field: string, body: Record<string, unknown>) => {
    const fresh = await saver.save(field, () => patch<MappingContract>(`/api/v1/upwork/contracts/${seg(c.id)}`, body));
    if (fresh) onChanged(fresh);
    return fresh;
  };

  const onProject = (e: Event) => {
    const select = e.currentTarget as HTMLSelectElement;
    const value = select.value;
    const before = c.project_id ?? '';
    if (value === createNew) {
      select.value = before; // the dialog decides; until then the saved choice stands
      setCreating(true);
      return;
    }
    // A refused choice goes back to what is saved, with the reason beside it.
    void save('project', { project_id: value || null }).then((ok) => {
      if (!ok) select.value = before;
    });
  };

  const onSync = (e: Event) => {
    const box = e.currentTarget as HTMLInputElement;
    const before = c.sync;
    void save('sync', { sync: box.checked }).then((ok) => {
      if (!ok) box.checked = before;
    });
  };

  // Archived projects take no new contracts (the API refuses them with project_archived);
  // the one this contract already maps to stays, so the choice reads as it is saved.
  const offered = projects.filter((p) => !p.archived || p.id === c.project_id);

  const side = upworkSide(orgType);
  const saveRate = (which: 'pay' | 'bill', value: string) => {
    const v = value.trim() === '' ? null : value.trim();
    if (which === side) {
      // Upwork's own rate back means no override.
      return save(which, { upwork_rate_override: v === null || v === c.upwork_rate ? null : v });
    }
    return save(which, { [`${which}_rate`]: v });
  };

  const rateHint = (which: 'pay' | 'bill') => {
    if (which !== side) return which === 'pay' ? 'What you pay' : orgType === 'client' ? 'Optional; billable projects only' : 'What you bill';
    if (c.upwork_rate_override) return `Your override from ${c.upwork_rate_override_from ?? 'now'} (Upwork: ${c.upwork_rate ?? 'none'})`;
    return c.upwork_rate ? 'From Upwork' : 'Upwork gives no rate';
  };

  return (
    <li class="contract">
      <h4 class="card-title">
        {c.title} <Badge text={c.status} tone={c.status === 'active' ? 'ok' : 'warn'} />
        {c.kind === 'fixed' && <Badge text="fixed price: no time to sync" tone="warn" />}
        {c.confirmed ? <Badge text="syncing since confirmed" tone="info" /> : <Badge text="not confirmed yet" tone="info" />}
      </h4>
      <div class="fields">
        <div class="field">
          <label for={`${base}-project`}>Project for {c.title}</label>
          <select id={`${base}-project`} value={c.project_id ?? ''} disabled={locked} onChange={onProject}
            {...described(`${base}-project-error`, saver.errors.project)}>
            <option value="">No project</option>
            {offered.map((p) => (
              <option key={p.id} value={p.id}>{p.name}{p.billable ? ' (billable)' : ''}{p.archived ? ' (archived)' : ''}</option>
            ))}
            <option value={createNew}>+ Create new project</option>
          </select>
          <FieldError id={`${base}-project-error`} message={saver.errors.project} />
        </div>
        <RateField id={`${base}-pay`} label={`Pay rate for ${c.title}`} value={c.pay_rate} currency={c.currency}
          hint={rateHint('pay')} disabled={locked} error={saver.errors.pay} onSave={(v) => saveRate('pay', v)}
          onUnchanged={() => saver.clear('pay')} />
        <RateField id={`${base}-bill`} label={`Bill rate for ${c.title}`} value={c.bill_rate} currency={c.currency}
          hint={rateHint('bill')} disabled={locked} error={saver.errors.bill} onSave={(v) => saveRate('bill', v)}
          onUnchanged={() => saver.clear('bill')} />
        <div class="field inline">
          <input type="checkbox" id={`${base}-sync`} checked={c.sync} disabled={locked} onChange={onSync}
            {...described(`${base}-sync-error`, saver.errors.sync)} />
          <label for={`${base}-sync`}>Sync {c.title}</label>
        </div>
      </div>
      <FieldError id={`${base}-sync-error`} message={saver.errors.sync} />
      <SaveState saving={saver.saving} saved={saver.saved} />
      {creating && (
        <CreateProjectDialog forTitle={c.title} name={c.title} billable={orgType === 'client'}
          onClose={() => setCreating(false)}
          onCreated={async (p) => {
            onProjectCreated(p);
            setCreating(false);
            await save('project', { project_id: p.id });
          }} />
      )}
    </li>
  );
}

function RateField(props: {
  id: string;
  label: string;
  value: string | null;
  currency: string;
  hint: string;
  disabled: boolean;
  error: string | undefined;
  onSave: (value: string) => Promise<unknown>;
  onUnchanged: () => void;
}) {
  const [draft, setDraft] = useState(props.value ?? '');
  // The server's value wins whenever it changes (a save, a refresh from Upwork).
  useEffect(() => setDraft(props.value ?? ''), [props.value]);
  const errorId = `${props.id}-error`;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input id={props.id} type="text" inputMode="decimal" size={8} value={draft} disabled={props.disabled}
        aria-describedby={props.error ? `${errorId} ${props.id}-hint` : `${props.id}-hint`}
        aria-invalid={props.error ? true : undefined}
        onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
        onChange={(e) => {
          const v = (e.target as HTMLInputElement).value;
          // Typed back to the saved value: nothing to save, and a refusal no longer applies.
          if (v.trim() === (props.value ?? '')) props.onUnchanged();
          else void props.onSave(v);
        }} />
      <span class="hint" id={`${props.id}-hint`}>{props.currency} per hour · {props.hint}</span>
      <FieldError id={errorId} message={props.error} />
    </div>
  );
}
