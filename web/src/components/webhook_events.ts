// The seven events a webhook may ask for (issue 20), in the API's order, each with what it
// reports in plain words: the form offers them by these words, the tables list them so.
import type { WebhookEvent } from '../types';

export const webhookEvents: WebhookEvent[] = [
  'connection.needs_reauth',
  'connection.recovered',
  'connection.disconnected',
  'import.completed',
  'sync.failing',
  'sync.recovered',
  'reconciliation.mismatch',
];

export const eventDescription: Record<WebhookEvent, string> = {
  'connection.needs_reauth': 'A connection needs re-authorization (Upwork no longer accepts its grant)',
  'connection.recovered': 'A connection works again, re-authorized',
  'connection.disconnected': 'A connection was disconnected',
  'import.completed': "An organization's import of past time finished",
  'sync.failing': "A contract's sync failed three times in a row",
  'sync.recovered': "A failing contract's sync works again",
  'reconciliation.mismatch': "Upwork's hours and the synced hours of a day differ",
};

/// Events in the order above, whatever order they were given in (unknown names last).
export const inOrder = (events: WebhookEvent[]) => {
  const rank = (e: WebhookEvent) => (webhookEvents.includes(e) ? webhookEvents.indexOf(e) : webhookEvents.length);
  return [...events].sort((a, b) => rank(a) - rank(b));
};
