// A webhook's deliveries, the 50 newest first: each event sent to it, whether the receiver
// took it, how many attempts it took, the receiver's last answer, and when. Read when opened
// and not polled (like the sync history): rows that move while one reads them would jump.
import { get, seg } from '../api';
import { dateTime } from '../format';
import type { Items, WebhookDelivery, WebhookEndpoint } from '../types';
import { Alert } from './alert';
import { Badge } from './badge';
import { Dialog } from './dialog';
import { useApi } from './use_api';
import { Working } from './working';

const limit = 50;

const stateTone: Record<WebhookDelivery['state'], 'ok' | 'warn' | 'bad'> = {
  delivered: 'ok',
  pending: 'warn',
  failed: 'bad',
};

export function DeliveriesDialog({ webhook: w, onClose }: { webhook: WebhookEndpoint; onClose: () => void }) {
  const path = `/api/v1/webhooks/${seg(w.id)}/deliveries?limit=${limit}`;
  const deliveries = useApi(() => get<Items<WebhookDelivery>>(path), [path]);
  const items = deliveries.data?.items ?? [];
  return (
    <Dialog title={`Deliveries: ${w.url}`} onClose={onClose} wide>
      <Alert message={deliveries.error} />
      {deliveries.loading && !deliveries.data && <Working label="Loading…" />}
      {deliveries.data && items.length === 0 && (
        <p class="note">No delivery yet: one is made for each event this webhook asks for, as it happens.</p>
      )}
      {items.length > 0 && (
        <>
          <p class="hint">
            The {limit} newest first. A delivery the receiver does not take (any answer but a 2xx) is retried
            30 s later, doubling up to an hour apart, for a day; one given up on has failed.
          </p>
          <table aria-label={`Deliveries to ${w.url}`}>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">State</th>
                <th scope="col" class="num">Attempts</th>
                <th scope="col" class="num">Last status</th>
                <th scope="col">Last error</th>
                <th scope="col">Times</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => <DeliveryRow key={d.id} delivery={d} />)}
            </tbody>
          </table>
        </>
      )}
      <div class="actions">
        <button type="button" class="secondary" onClick={onClose}>Close</button>
      </div>
    </Dialog>
  );
}

// One delivery, its event as the row header: the type, and under it the event's id (the one
// a receiver drops repeats by; it stays the same across attempts). The times: when the event
// was written, then when it was delivered, its next attempt, or that it is given up on.
function DeliveryRow({ delivery: d }: { delivery: WebhookDelivery }) {
  return (
    <tr>
      <th scope="row">
        {d.type}
        <br />
        <code class="event-id">{d.event_id}</code>
      </th>
      <td><Badge text={d.state} tone={stateTone[d.state]} /></td>
      <td class="num">{d.attempts}</td>
      {/* No status: the receiver never answered (refused, timed out, unreachable). */}
      <td class="num">{d.last_status ?? '—'}</td>
      <td>{d.last_error ?? '—'}</td>
      <td>
        Created {dateTime(d.created_at)}
        <br />
        <span class="hint">{outcome(d)}</span>
      </td>
    </tr>
  );
}

function outcome(d: WebhookDelivery): string {
  if (d.delivered_at) return `Delivered ${dateTime(d.delivered_at)}`;
  if (d.next_attempt_at) return `Next attempt ${dateTime(d.next_attempt_at)}`;
  return d.state === 'failed' ? 'Given up' : '';
}
