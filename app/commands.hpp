// upsyncd's subcommands. Each returns the process exit code.
#pragma once

#include "app/config.hpp"

#include <string>

namespace upsync::app {

/// `upsyncd migrate`: apply pending migrations and exit.
int run_migrate(const config& cfg);

struct workspace_create_args {
  std::string name;
  std::string admin_name;
  std::string admin_email;
  std::string timezone = "UTC";
};

/// `upsyncd workspace create`: a workspace and its super admin; prints the admin's API
/// token as the last line of stdout.
int run_workspace_create(const config& cfg, const workspace_create_args& args);

/// `upsyncd rotate-key`: re-encrypt every stored Upwork token from UPSYNC_OLD_SECRET_KEY
/// to UPSYNC_SECRET_KEY in one transaction; safe to rerun.
int run_rotate_key(const config& cfg);

/// `upsyncd serve`: the HTTP API (and, as it grows, the sync engine) until SIGINT/SIGTERM.
int run_serve(const config& cfg);

} // namespace upsync::app
