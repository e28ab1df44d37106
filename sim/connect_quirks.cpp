#include "sim/connect_quirks.hpp"

namespace upsync::sim {

void connect_quirks::set_photo(const std::string& org_id, std::optional<std::string> url) {
  std::lock_guard lock{mutex_};
  if (url)
    photos_[org_id] = std::move(*url);
  else
    photos_.erase(org_id);
}

std::optional<std::string> connect_quirks::photo_of(const std::string& org_id) const {
  std::lock_guard lock{mutex_};
  auto it = photos_.find(org_id);
  return it == photos_.end() ? std::nullopt : std::optional<std::string>{it->second};
}

void connect_quirks::set_pending_offers(const std::string& org_id, std::size_t count) {
  std::lock_guard lock{mutex_};
  if (count > 0)
    pending_offers_[org_id] = count;
  else
    pending_offers_.erase(org_id);
}

std::size_t connect_quirks::pending_offers_of(const std::string& org_id) const {
  std::lock_guard lock{mutex_};
  auto it = pending_offers_.find(org_id);
  return it == pending_offers_.end() ? 0 : it->second;
}

void connect_quirks::fail_discovery(std::size_t count) {
  std::lock_guard lock{mutex_};
  discovery_failures_ = count;
}

bool connect_quirks::take_discovery_failure() {
  std::lock_guard lock{mutex_};
  if (discovery_failures_ == 0)
    return false;
  --discovery_failures_;
  return true;
}

std::size_t connect_quirks::discovery_failures_left() const {
  std::lock_guard lock{mutex_};
  return discovery_failures_;
}

std::map<std::string, std::pair<std::optional<std::string>, std::size_t>> connect_quirks::all() const {
  std::lock_guard lock{mutex_};
  std::map<std::string, std::pair<std::optional<std::string>, std::size_t>> out;
  for (const auto& [id, url] : photos_)
    out[id].first = url;
  for (const auto& [id, n] : pending_offers_)
    out[id].second = n;
  return out;
}

} // namespace upsync::sim
