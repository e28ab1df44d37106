// Test setup for the Upwork tables: the rows foreign keys need (workspace, member,
// project, connection, organization, Upwork user, contract), created with plain SQL so
// the tests of upwork_store do not depend on the code under test.
#pragma once

#include "storage/records.hpp"
#include "tests/support/pg_cluster.hpp"

#include <string>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

namespace upsync::testing {

/// Ids of one workspace's chain from connection to contract.
struct upwork_chain {
  storage::db_id workspace_id;
  storage::db_id member_id;
  storage::db_id project_id;
  storage::db_id connection_id;
  std::string organization_id;
  std::string upwork_user_id;
  std::string contract_id;
};

/// A workspace with a manager, a project, an active connection, a selected agency
/// organization `org-1`, an Upwork user `user-1` mapped to the manager with sync on, and
/// an active hourly contract `contract-1` with sync on, the project mapped, and confirmed
/// (wizard step 3).
upwork_chain make_upwork_chain(pqxx::transaction_base& tx, const std::string& workspace_name);

/// Another active hourly contract, synced, confirmed and mapped to the chain's project, of the
/// chain's organization and user.
void add_contract(pqxx::transaction_base& tx, const upwork_chain& chain, const std::string& contract_id);

/// A fresh migrated database, one open transaction, and the chains of workspaces A and B.
class two_chains_test : public ::testing::Test {
protected:
  two_chains_test()
      : db(pg_cluster::shared().create_migrated_database()), tx(db), a(make_upwork_chain(tx, "A")),
        b(make_upwork_chain(tx, "B")) {}

  pqxx::connection db;
  pqxx::work tx;
  upwork_chain a;
  upwork_chain b;
};

} // namespace upsync::testing
