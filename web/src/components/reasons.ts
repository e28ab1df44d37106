// The diagnosis' reasons (F13) in words. An unknown reason (the list may grow) is shown as
// its code and still counts as "not syncing".
const words: Record<string, string> = {
  organization_not_selected: 'Its organization is not selected (wizard step 1).',
  connection_needs_reauth: 'The Upwork connection needs re-authorization (Integrations).',
  connection_disconnected: 'The Upwork connection is disconnected (Integrations).',
  user_sync_off: 'Sync is off for its Upwork user (wizard step 2).',
  member_not_mapped: 'Its Upwork user is not mapped to a member (wizard step 2).',
  contract_sync_off: 'Sync is off for the contract (wizard step 2).',
  no_project: 'No project is chosen for it (wizard step 2).',
  contract_not_active: 'It is paused or closed on Upwork.',
  fixed_price: 'It is a fixed-price contract: Upwork records no time for it.',
  not_confirmed: 'It has not been confirmed yet (wizard step 3, Start sync).',
  sync_failing: 'Its last sync cycles failed (see the last error).',
};

export function reasonText(code: string): string {
  return words[code] ?? `Reason: ${code}.`;
}
