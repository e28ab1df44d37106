// Adding a webhook: "Add webhook" opens a form of its URL and the events it asks for; once
// the API has registered it, the form gives way to its signing secret, shown this once. A
// refusal is shown beside the field it names (a URL that is not http(s) or reaches a
// private address, no event chosen), anything else under the form; the form stays open.
import { useState } from 'preact/hooks';
import { ApiError, messageOf, post } from '../api';
import type { NewWebhookEndpoint, WebhookEndpoint, WebhookEvent } from '../types';
import { Alert } from './alert';
import { Dialog } from './dialog';
import { described, FieldError } from './field_error';
import { SecretDialog } from './secret_dialog';
import { eventDescription, webhookEvents } from './webhook_events';
import { Working } from './working';

type Field = 'url' | 'events';

function fieldOf(e: unknown): Field | undefined {
  return e instanceof ApiError && (e.field === 'url' || e.field === 'events') ? e.field : undefined;
}

/// An endpoint as lists hold it: the secret stays in its dialog only.
const withoutSecret = ({ secret: _shown, ...w }: NewWebhookEndpoint): WebhookEndpoint => w;

/// The button, and the two dialogs it leads to.
export function AddWebhook({ onAdded }: { onAdded: (w: WebhookEndpoint) => void }) {
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<NewWebhookEndpoint | undefined>(undefined);
  return (
    <>
      <div class="actions">
        <button type="button" onClick={() => setAdding(true)}>Add webhook</button>
      </div>
      {adding && (
        <WebhookDialog onClose={() => setAdding(false)}
          onCreated={(w) => {
            onAdded(withoutSecret(w));
            setAdding(false);
            setAdded(w);
          }} />
      )}
      {added && <SecretDialog url={added.url} secret={added.secret} onClose={() => setAdded(undefined)} />}
    </>
  );
}

function WebhookDialog({ onCreated, onClose }: {
  onCreated: (w: NewWebhookEndpoint) => void;
  onClose: () => void;
}) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>([]);
  const [error, setError] = useState<{ field?: Field; message: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const toggle = (e: WebhookEvent, on: boolean) =>
    setEvents((all) => webhookEvents.filter((x) => (x === e ? on : all.includes(x))));

  // noValidate: no event chosen or a URL the browser dislikes is the API's to refuse, so that
  // the words shown are its own, beside the field, like every other refusal.
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onCreated(await post<NewWebhookEndpoint>('/api/v1/webhooks', { url: url.trim(), events }));
    } catch (err) {
      setError({ field: fieldOf(err), message: messageOf(err) });
      setBusy(false);
    }
  };

  const errorOf = (f: Field) => (error?.field === f ? error.message : undefined);
  return (
    <Dialog title="Add webhook" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="webhook-url">URL</label>
          <input id="webhook-url" type="url" value={url} required spellcheck={false} autoComplete="off"
            aria-describedby={errorOf('url') ? 'webhook-url-error webhook-url-hint' : 'webhook-url-hint'}
            aria-invalid={errorOf('url') ? true : undefined}
            onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
          <span class="hint" id="webhook-url-hint">
            http:// or https://, reaching a public address (an operator may allow private ones)
          </span>
          <FieldError id="webhook-url-error" message={errorOf('url')} />
        </div>
        <fieldset {...described('webhook-events-error', errorOf('events'))}>
          <legend>Events</legend>
          {webhookEvents.map((name) => (
            <div class="check" key={name}>
              <input id={`webhook-event-${name}`} type="checkbox" checked={events.includes(name)}
                aria-describedby={`webhook-event-${name}-hint`}
                onChange={(e) => toggle(name, (e.target as HTMLInputElement).checked)} />
              <label for={`webhook-event-${name}`}>{name}</label>
              <span class="hint" id={`webhook-event-${name}-hint`}>{eventDescription[name]}</span>
            </div>
          ))}
        </fieldset>
        <FieldError id="webhook-events-error" message={errorOf('events')} />
        <Alert message={error && !error.field ? error.message : undefined} />
        <div class="actions">
          <button type="submit" disabled={busy}>Add webhook</button>
          <button type="button" class="secondary" onClick={onClose}>Cancel</button>
        </div>
        {busy && <Working label="Adding…" />}
      </form>
    </Dialog>
  );
}
