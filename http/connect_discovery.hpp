// The OAuth callback's steps after the code exchange (issue 16): the connection and its
// tokens are committed first; discovery then runs outside any transaction and its outcome
// is saved in a transaction of its own. A failed discovery keeps the connection (discovery
// failed, retried in the background): after a successful exchange the callback never fails.
#pragma once

#include "http/router.hpp"
#include "storage/records.hpp"

#include <memory>
#include <string>

namespace upsync::http {

class upwork_gateway;
class sync_control;

/// Commits the request's transaction (the connection with its tokens), discovers with
/// `access_token`, and saves the outcome in a new transaction. Never throws for Upwork's
/// or the database's failures: they are logged and left for the background retry.
/// Returns the discovery status now: done, failed or pending (its outcome not saved).
std::string discover_after_connect(api_request& req, const upwork_gateway& gateway,
                                   const std::shared_ptr<sync_control>& control, storage::db_id workspace_id,
                                   storage::db_id connection_id, const std::string& access_token);

} // namespace upsync::http
