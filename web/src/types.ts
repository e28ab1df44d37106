// The API's shapes as docs/openapi.yaml defines them (only the fields the console reads).
// Ids are strings, money and hours are decimal strings, times RFC 3339 UTC.

export type Role = 'super_admin' | 'manager' | 'member';
export type OrganizationType = 'agency' | 'client' | 'freelancer';

/** A deactivated member (active false) stays listed: their time stays, their tokens stop working. */
export interface Member { id: string; name: string; email: string; role: Role; active: boolean }
export interface Workspace { id: string; name: string; timezone: string }
export interface Me { member: Member; workspace: Workspace }
/** An archived project stays listed and mapped, but no contract can be mapped to it anew. */
export interface Project { id: string; name: string; client_name: string | null; billable: boolean; archived: boolean }
export interface Items<T> { items: T[] }

/** A member's sign-in token as listed: the token itself is shown once, when it is created. */
export interface MemberToken { id: string; created_at: string; revoked_at: string | null }
export interface NewToken { token: string }

export interface Discovery {
  status: 'pending' | 'done' | 'failed';
  error: string | null;
  discovered_at: string | null;
  failures: number;
}

export interface Connection {
  id: string;
  status: 'active' | 'needs_reauth' | 'disconnected';
  created_at: string;
  organization_ids: string[];
  discovery: Discovery;
}

export interface AuthorizationStart { authorize_url: string; state: string }

export interface AccountOrganization {
  id: string;
  name: string;
  avatar_url: string | null;
  type: OrganizationType;
  users_count: number;
  contracts_count: number;
  selected: boolean;
}

export interface WizardAccounts {
  organizations: AccountOrganization[];
  sync_info: { scopes: string[]; import_days: number };
  discovery: Discovery | null;
}

export interface MappingContract {
  id: string;
  title: string;
  status: 'active' | 'paused' | 'closed';
  kind: 'hourly' | 'fixed';
  upwork_rate: string | null;
  upwork_rate_override: string | null;
  upwork_rate_override_from: string | null;
  currency: string;
  project_id: string | null;
  pay_rate: string | null;
  bill_rate: string | null;
  sync: boolean;
  locked: boolean;
  confirmed: boolean;
}

export interface MappingUser {
  upwork_user_id: string;
  name: string;
  email: string | null;
  member_id: string | null;
  suggested_member_id: string | null;
  match: 'exact' | 'close' | 'none';
  sync: boolean;
  locked: boolean;
  contracts: MappingContract[];
}

export interface MappingOrganization {
  id: string;
  name: string;
  type: OrganizationType;
  section_label: string;
  last_refreshed_at: string | null;
  refresh_status: 'idle' | 'running' | 'failed';
  users: MappingUser[];
}

export interface Mapping { organizations: MappingOrganization[] }

export interface ReviewContract {
  id: string;
  title: string;
  project_id: string | null;
  project_name: string | null;
  pay_rate: string | null;
  bill_rate: string | null;
  currency: string;
  confirmed: boolean;
}

export interface ReviewWarning { contract_id: string; code: string; message: string }

export interface ReviewOrganization {
  id: string;
  section_label: string;
  members_to_link: { upwork_user_id: string; member_id: string }[];
  members_to_create: { upwork_user_id: string; name: string; email: string }[];
  contracts: ReviewContract[];
  warnings: ReviewWarning[];
}

export interface Review { organizations: ReviewOrganization[] }

export interface SyncError { code: string; message: string; at: string }

export interface StatusEntry {
  started_at: string;
  ended_at: string;
  member: { id: string; name: string };
  hours: string;
}

export interface StatusContract {
  id: string;
  title: string;
  client_name: string | null;
  upwork_user_name: string;
  upwork_status: 'active' | 'paused' | 'closed';
  syncing: boolean;
  closing: boolean;
  closing_until: string | null;
  reasons: string[];
  project: { id: string; name: string } | null;
  hours_today: string;
  import: { state: 'pending' | 'running' | 'done' | 'failed'; days_done: number; days_total: number };
  last_error: SyncError | null;
  last_success_at: string | null;
  failures_in_a_row: number;
  recent_entries: StatusEntry[];
}

export interface StatusOrganization {
  id: string;
  name: string;
  type: OrganizationType;
  last_refreshed_at: string | null;
  last_synced_at: string | null;
  active_contracts: number;
  syncing_contracts: number;
  reconciliation_mismatches: number;
  connection_id: string;
  /** Upwork requests its connection sent today (UTC), shared by the connection's organizations. */
  connection_requests_today: number;
  contracts: StatusContract[];
}

export interface Status { organizations: StatusOrganization[] }

/**
 * One run of an organization's sync (issue 20's history), newest first. `cycles` > 1: that
 * many idle cycles in a row (succeeded, nothing read) merged into one row, started_at the
 * first one's start and finished_at the last one's end.
 */
export interface SyncRun {
  id: string;
  kind: 'import' | 'cycle' | 'refresh';
  result: 'succeeded' | 'partial' | 'failed';
  started_at: string;
  finished_at: string;
  cycles: number;
  contract_days_read: number;
  cells_written: number;
  intervals_written: number;
  requests: number;
  error: string | null;
}

/** A page of runs; `next_before` is the `before` of the next (older) page, null at the oldest. */
export interface SyncRuns { items: SyncRun[]; next_before: string | null }

/** What a webhook endpoint may ask for (issue 20), by its name on the wire. */
export type WebhookEvent =
  | 'connection.needs_reauth'
  | 'connection.recovered'
  | 'connection.disconnected'
  | 'import.completed'
  | 'sync.failing'
  | 'sync.recovered'
  | 'reconciliation.mismatch';

/** A webhook endpoint as listed: its signing secret is shown once, when it is created. */
export interface WebhookEndpoint { id: string; url: string; events: WebhookEvent[]; created_at: string }
export interface NewWebhookEndpoint extends WebhookEndpoint { secret: string }

/**
 * One event sent (or being sent) to an endpoint, newest first. `last_status` is the
 * receiver's HTTP status, null when it did not answer; `next_attempt_at` only while pending.
 */
export interface WebhookDelivery {
  id: string;
  event_id: string;
  type: WebhookEvent;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
  next_attempt_at: string | null;
}

export interface Diagnosis {
  syncing: boolean;
  reasons: string[];
  closing_until: string | null;
  last_error: SyncError | null;
}

export interface ReconciliationDay {
  date: string;
  upwork_seconds: number;
  synced_seconds: number;
  removed_upstream_seconds: number;
  changed_locally_seconds: number;
  status: 'match' | 'pending' | 'removed_upstream' | 'changed_locally';
  week: 'open' | 'locked';
}

export interface Reconciliation {
  contract_id: string;
  from: string;
  to: string;
  days: ReconciliationDay[];
  weeks: { week_start: string; state: 'open' | 'locked'; locks_at: string }[];
}

export interface ActorKind {
  kind: string;
  alive: number;
  messages_handled: number;
  mailbox_size: number;
  mailbox_max: number;
  failures: number;
  restarts: number;
}

export interface BusyActor {
  kind: string;
  actor_id: string;
  organization_id: string | null;
  contract_id: string | null;
  state: string | null;
  messages_handled: number;
  messages_recent: number;
  mailbox_size: number;
  mailbox_max: number;
}

export interface LaggingOrganization {
  organization_id: string;
  state: string;
  lag_seconds: number;
  last_success_at: string | null;
}

/** How the engine spends Upwork's requests today (UTC): the daily budget and the pace. */
export interface UpworkRequestBudget {
  daily_budget: number | null;
  today: number;
  projected_today: number;
  remaining_today: number | null;
  sent_today_by_this_node: number;
  refused_today: number;
  rate_per_second: number;
  configured_cycle_seconds: number;
  effective_cycle_seconds: number;
  organizations_sharing: number;
  requests_per_cycle: number;
  connections?: { connection_id: string; requests_today: number }[];
}

export interface ActorOverview {
  taken_at: string | null;
  kinds: ActorKind[];
  busiest: BusyActor[];
  lagging: LaggingOrganization[];
  upwork_requests?: UpworkRequestBudget;
}
