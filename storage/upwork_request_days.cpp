#include "storage/upwork_request_days.hpp"

#include <algorithm>
#include <pqxx/pqxx>

namespace upsync::storage::upwork_request_days {

grant reserve(pqxx::transaction_base& tx, std::int64_t day, std::int64_t wanted, std::int64_t limit) {
  wanted = std::max<std::int64_t>(0, wanted);
  // One upsert makes the day's row, locks it and returns what it held: the row lock orders
  // concurrent reservations (other nodes), each sees the one before.
  auto before = tx.exec_params1("INSERT INTO upwork_request_days AS d (day) VALUES (DATE '1970-01-01' + $1::integer) "
                                "ON CONFLICT (day) DO UPDATE SET updated_at = d.updated_at RETURNING d.reserved",
                                day)[0]
                  .as<std::int64_t>();
  grant g;
  g.granted = std::min(wanted, std::max<std::int64_t>(limit - before, 0));
  g.reserved = before + g.granted;
  if (g.granted > 0)
    tx.exec_params0("UPDATE upwork_request_days SET reserved = $2, updated_at = now() "
                    "WHERE day = DATE '1970-01-01' + $1::integer",
                    day, g.reserved);
  return g;
}

struct pg_request_ledger::connection {
  explicit connection(const std::string& url) : db(url) {}
  pqxx::connection db;
};

pg_request_ledger::pg_request_ledger(std::string database_url) : url_(std::move(database_url)) {}

pg_request_ledger::~pg_request_ledger() = default;

domain::request_ledger::grant pg_request_ledger::reserve(std::int64_t day, std::int64_t wanted, std::int64_t limit) {
  std::lock_guard lock{mutex_};
  try {
    if (!db_ || !db_->db.is_open())
      db_ = std::make_unique<connection>(url_);
    pqxx::work tx{db_->db};
    auto g = upwork_request_days::reserve(tx, day, wanted, limit);
    tx.commit();
    return {g.granted, g.reserved};
  } catch (...) {
    db_.reset(); // opened afresh next time
    throw;
  }
}

std::int64_t reserved(pqxx::transaction_base& tx, std::int64_t day) {
  auto r = tx.exec_params("SELECT reserved FROM upwork_request_days WHERE day = DATE '1970-01-01' + $1::integer", day);
  return r.empty() ? 0 : r[0][0].as<std::int64_t>();
}

} // namespace upsync::storage::upwork_request_days
