// The Upwork side's rows: OAuth connections and states, organizations, Upwork users and
// contracts with their mappings, rate history, day totals and cursors, and which
// contracts sync (or why not). Plain rows; nothing here knows the Upwork client.
#pragma once

#include "storage/records.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/types.hxx>

namespace upsync::storage::upwork_store {

// Times are Unix seconds; dates are day numbers (days since 1970-01-01, UTC); money is
// decimal text ("25.00"). Status-like fields are the schema's words, validated here:
// an unknown word throws std::invalid_argument before anything is sent.

// ---- connections ----------------------------------------------------------------------

struct connection_record {
  db_id id;
  db_id workspace_id;
  db_id created_by;
  std::string status; ///< active | needs_reauth | disconnected
  std::optional<std::string> access_token_enc;  ///< sealed bytes as hex (see secrets.hpp)
  std::optional<std::string> refresh_token_enc; ///< sealed bytes as hex
  std::optional<std::int64_t> access_expires_at;
  std::optional<std::int64_t> refresh_rotated_at;
  std::optional<std::string> upwork_user_id;
  std::int64_t created_at;
  std::int64_t updated_at;
  // Discovery of its organizations (connection_discovery.hpp): pending | done | failed.
  std::string discovery_status = "done";
  std::optional<std::string> discovery_error; ///< short, secret-free; none once done
  std::optional<std::int64_t> discovered_at;
  std::int32_t discovery_failures = 0; ///< failed attempts since the last success
};

/// Sealed tokens to store, as hex. Sealing needs the connection id (associated data), so
/// a connection is created first and given its tokens next.
struct connection_tokens {
  std::string access_token_enc;
  std::string refresh_token_enc;
  std::int64_t access_expires_at;
  /// When the refresh token last changed; empty keeps the stored time.
  std::optional<std::int64_t> refresh_rotated_at;
};

/// A new active connection without tokens; returns its id.
db_id create_connection(pqxx::transaction_base& tx, db_id workspace_id, db_id created_by,
                        const std::optional<std::string>& upwork_user_id);
std::optional<connection_record> find_connection(pqxx::transaction_base& tx, db_id workspace_id,
                                                 db_id id);
std::vector<connection_record> list_connections(pqxx::transaction_base& tx, db_id workspace_id);
/// Every workspace's active connections, for the sync engine's start.
std::vector<connection_record> list_active_connections(pqxx::transaction_base& tx);
/// False when there is no such connection in the workspace, or it is disconnected (a
/// rotation racing a disconnect never brings the deleted tokens back).
bool save_tokens(pqxx::transaction_base& tx, db_id workspace_id, db_id id,
                 const connection_tokens& tokens);
/// `status`: active | needs_reauth | disconnected. False when there is no such connection.
bool set_connection_status(pqxx::transaction_base& tx, db_id workspace_id, db_id id,
                           const std::string& status);

// ---- OAuth states ---------------------------------------------------------------------

/// What a state was bound to when the authorization started.
struct oauth_state_record {
  db_id workspace_id;
  db_id member_id;
  std::optional<db_id> connection_id; ///< set when re-authorizing that connection
  std::int64_t expires_at;
};

/// Stores the SHA-256 of `state` (never the state) bound to workspace, member and,
/// for a re-authorization, the connection.
void create_oauth_state(pqxx::transaction_base& tx, const std::string& state,
                        const oauth_state_record& binding);
/// Uses the state up, atomically: nullopt when unknown, already used or expired. Looked up
/// by the state alone, because the OAuth callback brings nothing else; the binding says
/// which workspace it belongs to.
std::optional<oauth_state_record> consume_oauth_state(pqxx::transaction_base& tx,
                                                      const std::string& state);

// ---- organizations --------------------------------------------------------------------

/// An organization as discovery found it.
struct organization_discovery {
  std::string id; ///< Upwork's organization id
  db_id connection_id;
  std::optional<std::string> rid;
  std::string name;
  std::string type; ///< agency | client | freelancer
  std::optional<std::string> avatar_url;
  std::int32_t users_count = 0;
  std::int32_t contracts_count = 0;
  /// Whether `avatar_url` comes from Upwork (companySelector's photo, none meaning none);
  /// a refresh reads no photo and keeps the stored one.
  bool avatar_known = true;
};

struct organization_record {
  db_id workspace_id;
  std::string id;
  db_id connection_id;
  std::optional<std::string> rid;
  std::string name;
  std::string type;
  std::optional<std::string> avatar_url;
  bool selected;
  std::int32_t users_count;
  std::int32_t contracts_count;
  std::string refresh_status; ///< idle | running | failed
  std::optional<std::int64_t> last_refreshed_at;
  std::optional<std::int64_t> last_synced_at;
};

/// Inserts or updates what Upwork says; `selected` and the refresh fields stay as they are.
void upsert_organization(pqxx::transaction_base& tx, db_id workspace_id,
                         const organization_discovery& org);
std::optional<organization_record> find_organization(pqxx::transaction_base& tx,
                                                     db_id workspace_id, const std::string& id);
std::vector<organization_record> list_organizations(pqxx::transaction_base& tx,
                                                    db_id workspace_id);
/// The organizations the sync engine keeps an actor for: selected, of an active
/// connection, in every workspace (or the one named).
std::vector<organization_record> list_engine_organizations(pqxx::transaction_base& tx,
                                                           std::optional<db_id> workspace_id = std::nullopt,
                                                           const std::optional<std::string>& id = std::nullopt);
/// Sets `selected` on the listed organizations of the workspace; returns how many exist.
std::size_t set_organizations_selected(pqxx::transaction_base& tx, db_id workspace_id,
                                       const std::vector<std::string>& ids, bool selected);
/// `status`: idle | running | failed; `refreshed_at` given also stores the refresh time.
bool set_refresh_status(pqxx::transaction_base& tx, db_id workspace_id, const std::string& id,
                        const std::string& status, std::optional<std::int64_t> refreshed_at);
/// An organization, by workspace and Upwork id.
struct organization_key {
  db_id workspace_id;
  std::string organization_id;
};

/// last_synced_at = now() for every listed organization, in one statement; returns how
/// many exist.
std::size_t mark_organizations_synced(pqxx::transaction_base& tx, const std::vector<organization_key>& organizations);
/// last_synced_at = now() for one organization; false when it does not exist.
bool mark_organization_synced(pqxx::transaction_base& tx, db_id workspace_id,
                              const std::string& id);

// ---- Upwork users ---------------------------------------------------------------------

struct upwork_user_discovery {
  std::string organization_id;
  std::string upwork_user_id;
  std::string name;
  std::optional<std::string> email;
};

/// How an Upwork user maps to a workspace member; written whole.
struct user_mapping {
  std::optional<db_id> member_id;
  std::optional<db_id> suggested_member_id;
  std::string match = "none"; ///< exact | close | none
  bool sync = false;
  bool locked = false;
  std::optional<std::string> create_member_name; ///< "create new member" chosen
  std::optional<std::string> create_member_email;
};

struct upwork_user_record {
  db_id workspace_id;
  std::string organization_id;
  std::string upwork_user_id;
  std::string name;
  std::optional<std::string> email;
  user_mapping mapping;
};

/// Inserts or updates name and email; the mapping stays as it is.
void upsert_user(pqxx::transaction_base& tx, db_id workspace_id, const upwork_user_discovery& user);
std::vector<upwork_user_record> list_users(pqxx::transaction_base& tx, db_id workspace_id,
                                           const std::string& organization_id);
bool update_user_mapping(pqxx::transaction_base& tx, db_id workspace_id,
                         const std::string& organization_id, const std::string& upwork_user_id,
                         const user_mapping& mapping);

// ---- contracts ------------------------------------------------------------------------

struct contract_discovery {
  std::string id; ///< Upwork's contract id
  std::string organization_id;
  std::string upwork_user_id;
  std::string title;
  std::optional<std::string> client_name;
  std::string status; ///< active | paused | closed
  std::string kind;   ///< hourly | fixed
  std::optional<std::string> upwork_rate;
  std::string currency = "USD";
};

/// How a contract maps to the workspace; written whole.
struct contract_mapping {
  std::optional<db_id> project_id;
  bool sync = false;
  bool locked = false;
};

struct contract_record {
  db_id workspace_id;
  std::string id;
  std::string organization_id;
  std::string upwork_user_id;
  std::string title;
  std::optional<std::string> client_name;
  std::string status;
  std::string kind;
  std::optional<std::string> upwork_rate;
  std::string currency;
  contract_mapping mapping;
  std::optional<std::string> create_project; ///< JSON text of an inline project choice
  std::int64_t first_seen_at;
  /// When wizard step 3 confirmed it (F6); a contract syncs only once confirmed.
  std::optional<std::int64_t> confirmed_at;
};

/// Inserts or updates what Upwork says; mapping and create_project stay as they are. When
/// the status is new or differs from the stored one, status_changed_at becomes `now`
/// (Unix seconds; empty: the database's clock).
void upsert_contract(pqxx::transaction_base& tx, db_id workspace_id,
                     const contract_discovery& contract,
                     std::optional<std::int64_t> now = std::nullopt);
std::optional<contract_record> find_contract(pqxx::transaction_base& tx, db_id workspace_id,
                                             const std::string& id);
std::vector<contract_record> list_contracts(pqxx::transaction_base& tx, db_id workspace_id);
std::vector<contract_record> list_contracts_of_organization(pqxx::transaction_base& tx,
                                                            db_id workspace_id,
                                                            const std::string& organization_id);
bool update_contract_mapping(pqxx::transaction_base& tx, db_id workspace_id, const std::string& id,
                             const contract_mapping& mapping);

// ---- rates ----------------------------------------------------------------------------

/// One step of a rate history: in force from `effective_from` until the next step.
struct rate_step {
  std::int64_t effective_from; ///< day number
  std::optional<std::string> rate;
  std::string currency;
};

struct rate_row {
  std::string contract_id;
  std::string side; ///< upwork | pay | bill
  std::int64_t effective_from;
  std::optional<std::string> rate;
  std::string currency;
};

/// Makes `history` the contract's whole `upwork` side (Upwork's hourlyTerms); the pay and
/// bill rates the manager entered are untouched.
void replace_upwork_rates(pqxx::transaction_base& tx, db_id workspace_id,
                          const std::string& contract_id, const std::vector<rate_step>& history);
/// A manager-entered rate (`side` pay | bill) from a day on; replaces one of the same day.
void set_manager_rate(pqxx::transaction_base& tx, db_id workspace_id,
                      const std::string& contract_id, const std::string& side,
                      const rate_step& step);
/// Ordered by side, then effective_from.
std::vector<rate_row> load_rates(pqxx::transaction_base& tx, db_id workspace_id,
                                 const std::string& contract_id);
/// Every contract of the organization; ordered by contract, side, effective_from.
std::vector<rate_row> load_organization_rates(pqxx::transaction_base& tx, db_id workspace_id,
                                              const std::string& organization_id);
/// Every rate of the workspace's contracts: the engine's start-up load reads them in one
/// query rather than one per organization (10,000 organizations took minutes).
std::vector<rate_row> load_workspace_rates(pqxx::transaction_base& tx, db_id workspace_id);

// ---- day totals and cursors -----------------------------------------------------------

struct day_total {
  std::int64_t day;
  std::int32_t seconds;
};

struct cursor_record {
  std::string contract_id;
  std::string import_state; ///< pending | running | done | failed
  std::optional<std::int64_t> window_start_day;
  std::int32_t days_total;
  std::int32_t days_done;
  std::optional<std::int64_t> synced_through_day;
  std::optional<std::int64_t> last_synced_at;
  std::optional<std::string> last_error;
};

/// Reported seconds of the contract's synced days from `first_day` on, by day.
std::vector<day_total> load_day_totals(pqxx::transaction_base& tx, db_id workspace_id,
                                       const std::string& contract_id, std::int64_t first_day);
std::optional<cursor_record> load_cursor(pqxx::transaction_base& tx, db_id workspace_id,
                                         const std::string& contract_id);
/// Cursors of every contract of the organization that has one, by contract.
std::vector<cursor_record> load_organization_cursors(pqxx::transaction_base& tx,
                                                     db_id workspace_id,
                                                     const std::string& organization_id);
/// Records (or, with an empty `error`, clears) the contract's last sync error; creates the
/// cursor if it has none. The import state is left as it is.
void set_cursor_error(pqxx::transaction_base& tx, db_id workspace_id,
                      const std::string& contract_id, const std::optional<std::string>& error);

// ---- what syncs -----------------------------------------------------------------------

/// A contract that syncs now, with what its intervals are assigned to.
struct sync_target {
  db_id workspace_id;
  db_id connection_id;
  std::string organization_id;
  std::string organization_type; ///< agency | client | freelancer (decides rate sides, F10)
  std::string contract_id;
  std::string upwork_user_id;
  db_id member_id;
  db_id project_id;
  std::string currency;
  /// Paused or closed but still in its closing grace (billing_week): when the grace ends
  /// (Unix seconds). Meanwhile it syncs only days Upwork can still change.
  std::optional<std::int64_t> closing_until;
  /// Bumped by every change of the manager's rates (upwork_rate_store): the rates read
  /// with this target are those of this version.
  std::int64_t rates_version = 0;
};

/// Every contract that should sync, in every workspace (the engine's start): connection
/// active, organization selected, user sync on with a member mapped, contract sync on with
/// a project, hourly, confirmed in wizard step 3, and active — or paused or closed after it
/// was syncing (it has a sync cursor) while its closing grace lasts (billing_week: until
/// the week of its last change of status locks). Ordered by workspace, organization,
/// contract. These overloads judge the grace by the system clock.
std::vector<sync_target> list_sync_targets(pqxx::transaction_base& tx);
/// The same for one workspace (the status dashboard, the wizard's confirm): one query
/// rather than one per organization, each of which joins every contract of the workspace.
std::vector<sync_target> list_sync_targets(pqxx::transaction_base& tx, db_id workspace_id);
/// The same for one organization (after a mapping change or a refresh).
std::vector<sync_target> list_sync_targets(pqxx::transaction_base& tx, db_id workspace_id,
                                           const std::string& organization_id);
/// The same at `now` (Unix seconds; the engine's clock), in every workspace or the one
/// named, and optionally one organization.
std::vector<sync_target> list_sync_targets_at(pqxx::transaction_base& tx, std::int64_t now,
                                              std::optional<db_id> workspace_id,
                                              const std::optional<std::string>& organization_id);

/// Why a contract does not sync (F13). Reasons, in this order: organization_not_selected,
/// connection_needs_reauth, connection_disconnected, user_sync_off, member_not_mapped,
/// contract_sync_off, no_project, contract_not_active, fixed_price, not_confirmed,
/// sync_failing. sync_failing (its last sync_health::failing_after or more cycles failed in
/// a row) is the one reason a syncing contract can have; the others are empty exactly when
/// list_sync_targets lists it. nullopt when there is no such contract.
/// contract_not_active only once a closing grace is over (contract_diagnosis, which the
/// status dashboard uses for many contracts at once). `now`: Unix seconds, empty = system clock.
std::optional<std::vector<std::string>> diagnose(pqxx::transaction_base& tx, db_id workspace_id,
                                                 const std::string& contract_id,
                                                 std::optional<std::int64_t> now = std::nullopt);

} // namespace upsync::storage::upwork_store
