// The abuse sweep of the web console's files (issue 18), against a running upsyncd whose
// UPSYNC_CONSOLE_DIR is a tests/support/console_tree: traversal in every spelling, odd
// paths, every method, raw bytes no client library sends. Kept apart from
// api_abuse_test.cpp, which runs it, as metrics_sweep is.
#pragma once

#include "tests/reliability/running_daemon.hpp"
#include "tests/support/console_tree.hpp"

namespace upsync::testing {

/// Sends the sweep at `daemon` (serving `tree`), with and without `token`. Expects the
/// console's answers (200 index.html or file, 404, 405 with `Allow: GET, HEAD`, 400 for
/// undecodable targets) with its security headers on every console answer, never a byte
/// of what lies outside the directory, never a 5xx. Returns the number of requests sent.
int sweep_console(running_daemon& daemon, const console_tree& tree, const std::string& token);

} // namespace upsync::testing
