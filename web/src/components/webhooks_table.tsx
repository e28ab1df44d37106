// The workspace's webhook endpoints, one row each (URL as the row header): the events each
// asks for, when it was added, and the dialogs its row opens: its deliveries, and
// confirming its deletion (its pending deliveries stop).
import { useState } from 'preact/hooks';
import { del, messageOf, seg } from '../api';
import { dateTime } from '../format';
import type { WebhookEndpoint } from '../types';
import { Alert } from './alert';
import { DeliveriesDialog } from './deliveries_dialog';
import { Dialog } from './dialog';
import { inOrder } from './webhook_events';
import { Working } from './working';

interface Props {
  webhooks: WebhookEndpoint[];
  onDeleted: (w: WebhookEndpoint) => void;
}

export function WebhooksTable({ webhooks, onDeleted }: Props) {
  const [deliveriesOf, setDeliveriesOf] = useState<WebhookEndpoint | undefined>(undefined);
  const [deleting, setDeleting] = useState<WebhookEndpoint | undefined>(undefined);
  return (
    <>
      <table aria-label="Webhook endpoints">
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Events</th>
            <th scope="col">Created</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {webhooks.map((w) => (
            <tr key={w.id}>
              <th scope="row" class="url">{w.url}</th>
              <td>{inOrder(w.events).join(', ')}</td>
              <td>{dateTime(w.created_at)}</td>
              <td>
                <button type="button" class="secondary" aria-label={`Deliveries of ${w.url}`}
                  onClick={() => setDeliveriesOf(w)}>
                  Deliveries
                </button>{' '}
                <button type="button" class="secondary" aria-label={`Delete webhook ${w.url}`}
                  onClick={() => setDeleting(w)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {deliveriesOf && <DeliveriesDialog webhook={deliveriesOf} onClose={() => setDeliveriesOf(undefined)} />}
      {deleting && (
        <DeleteDialog webhook={deleting} onClose={() => setDeleting(undefined)}
          onDone={(w) => {
            setDeleting(undefined);
            onDeleted(w);
          }} />
      )}
    </>
  );
}

// Deleting stops what is still on its way to the receiver, so it is asked first; a refusal
// stays in the dialog in words.
function DeleteDialog({ webhook: w, onClose, onDone }: {
  webhook: WebhookEndpoint;
  onClose: () => void;
  onDone: (w: WebhookEndpoint) => void;
}) {
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await del(`/api/v1/webhooks/${seg(w.id)}`);
      onDone(w);
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Delete webhook ${w.url}?`} onClose={onClose}>
      <p>upsync sends {w.url} no more events: its pending deliveries stop and are not retried. To receive
        events there again, add the webhook anew (with a new signing secret).</p>
      <Alert message={error} />
      <div class="actions">
        <button type="button" class="danger" disabled={busy} onClick={remove}>Delete</button>
        <button type="button" class="secondary" onClick={onClose}>Cancel</button>
      </div>
      {busy && <Working label="Deleting…" />}
    </Dialog>
  );
}
