// Answers of the API kept in memory, so that a repeated read is served without asking
// PostgreSQL: bearer token (its hash) -> the member it authenticates, and (workspace,
// route, request target) -> the finished JSON body of a read whose answer is the same for
// every member of the workspace. Every entry carries the change_clock stamp taken before
// the query that produced it and is served only while its workspace has not changed since
// (see change_clock). Failed lookups are never kept. One byte budget bounds both kinds;
// the least recently used entries go first. Thread-safe.
#pragma once

#include "http/change_clock.hpp"
#include "storage/records.hpp"

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

namespace upsync::metrics {
class registry;
class counter;
class gauge;
} // namespace upsync::metrics

namespace upsync::http {

class api_cache {
public:
  /// `budget_bytes` 0 keeps nothing. With `metrics`, reports its size and evictions.
  api_cache(change_clock& clock, std::size_t budget_bytes, metrics::registry* metrics = nullptr);

  change_clock& clock() { return clock_; }
  /// Also drops what no longer fits.
  void set_budget(std::size_t budget_bytes);
  bool enabled() const;

  /// The member `token_hash` (workspace_store::token_hash_hex) authenticated, if kept and
  /// still valid.
  std::optional<storage::member_record> caller(const std::string& token_hash);
  /// The body kept for `key` in `workspace`, if still valid.
  std::shared_ptr<const std::string> page(storage::db_id workspace, const std::string& key);

  /// Keep what was read after `before` (a stamp taken before the query).
  void keep_caller(const std::string& token_hash, const storage::member_record& caller,
                   const change_clock::stamp& before);
  void keep_page(storage::db_id workspace, const std::string& key, std::string body, const change_clock::stamp& before);

  std::size_t bytes() const;
  std::size_t entries() const;

private:
  struct entry {
    std::string key;
    storage::db_id workspace;
    change_clock::stamp stamp;
    std::variant<storage::member_record, std::shared_ptr<const std::string>> value;
    std::size_t bytes;
  };
  using entries_list = std::list<entry>;

  // Under mutex_: the entry for `key` when still valid (moved to the front), else erased.
  const entry* find_valid(const std::string& key);
  void keep(entry e);
  void erase(entries_list::iterator it);
  void evict_to(std::size_t budget);
  void report();

  change_clock& clock_;
  mutable std::mutex mutex_;
  std::size_t budget_;
  std::size_t bytes_ = 0;
  entries_list lru_;                                                   // most recently used first
  std::unordered_map<std::string_view, entries_list::iterator> index_; // views of entry::key
  metrics::gauge* bytes_gauge_ = nullptr;
  metrics::counter* evictions_ = nullptr;
};

} // namespace upsync::http
