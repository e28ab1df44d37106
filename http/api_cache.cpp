#include "http/api_cache.hpp"

#include "metrics/registry.hpp"

namespace upsync::http {

namespace {

// What an entry costs beyond its strings: list and hash nodes, the shared body's control
// block, allocator rounding. An estimate; the budget is about orders of magnitude.
constexpr std::size_t entry_overhead = 160;

std::string caller_key(const std::string& token_hash) { return "t" + token_hash; }

std::string page_key(storage::db_id workspace, const std::string& key) {
  return "p" + std::to_string(workspace) + '\n' + key;
}

} // namespace

api_cache::api_cache(change_clock& clock, std::size_t budget_bytes, metrics::registry* metrics)
    : clock_(clock), budget_(budget_bytes) {
  if (!metrics)
    return;
  bytes_gauge_ =
    &metrics->gauges("upsync_api_cache_bytes", "Bytes held by the API cache (UPSYNC_API_CACHE_BYTES bounds them).")
       .only();
  evictions_ = &metrics
                  ->counters("upsync_api_cache_evictions_total",
                             "API cache entries dropped to stay within UPSYNC_API_CACHE_BYTES.")
                  .only();
}

void api_cache::set_budget(std::size_t budget_bytes) {
  std::lock_guard<std::mutex> guard{mutex_};
  budget_ = budget_bytes;
  evict_to(budget_);
  report();
}

bool api_cache::enabled() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return budget_ > 0;
}

std::optional<storage::member_record> api_cache::caller(const std::string& token_hash) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto* e = find_valid(caller_key(token_hash));
  if (!e)
    return std::nullopt;
  return std::get<storage::member_record>(e->value);
}

std::shared_ptr<const std::string> api_cache::page(storage::db_id workspace, const std::string& key) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto* e = find_valid(page_key(workspace, key));
  if (!e)
    return nullptr;
  return std::get<std::shared_ptr<const std::string>>(e->value);
}

void api_cache::keep_caller(const std::string& token_hash, const storage::member_record& caller,
                            const change_clock::stamp& before) {
  auto key = caller_key(token_hash);
  auto size = entry_overhead + 2 * key.size() + caller.name.size() + caller.email.size();
  keep(entry{std::move(key), caller.workspace_id, before, caller, size});
}

void api_cache::keep_page(storage::db_id workspace, const std::string& key, std::string body,
                          const change_clock::stamp& before) {
  auto full_key = page_key(workspace, key);
  auto size = entry_overhead + 2 * full_key.size() + body.size();
  keep(entry{std::move(full_key), workspace, before, std::make_shared<const std::string>(std::move(body)), size});
}

std::size_t api_cache::bytes() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return bytes_;
}

std::size_t api_cache::entries() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return lru_.size();
}

const api_cache::entry* api_cache::find_valid(const std::string& key) {
  auto it = index_.find(key);
  if (it == index_.end())
    return nullptr;
  auto pos = it->second;
  if (!clock_.unchanged_since(pos->workspace, pos->stamp)) {
    erase(pos);
    report();
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, pos);
  return &*pos;
}

void api_cache::keep(entry e) {
  // Already outdated (a change was heard while the query ran) or untrusted: not kept.
  if (!clock_.unchanged_since(e.workspace, e.stamp))
    return;
  std::lock_guard<std::mutex> guard{mutex_};
  if (e.bytes > budget_)
    return;
  if (auto it = index_.find(e.key); it != index_.end())
    erase(it->second);
  evict_to(budget_ - e.bytes);
  bytes_ += e.bytes;
  lru_.push_front(std::move(e));
  index_.emplace(lru_.front().key, lru_.begin());
  report();
}

void api_cache::erase(entries_list::iterator it) {
  bytes_ -= it->bytes;
  index_.erase(it->key);
  lru_.erase(it);
}

void api_cache::evict_to(std::size_t budget) {
  while (bytes_ > budget && !lru_.empty()) {
    erase(std::prev(lru_.end()));
    if (evictions_)
      evictions_->inc();
  }
}

void api_cache::report() {
  if (bytes_gauge_)
    bytes_gauge_->set(static_cast<double>(bytes_));
}

} // namespace upsync::http
