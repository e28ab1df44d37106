#include "http/change_clock.hpp"

namespace upsync::http {

change_clock::stamp change_clock::now() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return {sequence_, listening_};
}

bool change_clock::unchanged_since(storage::db_id workspace, const stamp& s) const {
  std::lock_guard<std::mutex> guard{mutex_};
  if (!listening_ || !s.trusted || everything_at_ > s.at)
    return false;
  auto it = changed_at_.find(workspace);
  return it == changed_at_.end() || it->second <= s.at;
}

void change_clock::workspace_changed(storage::db_id workspace) {
  std::lock_guard<std::mutex> guard{mutex_};
  ++sequence_;
  if (changed_at_.size() >= max_tracked && !changed_at_.count(workspace)) {
    changed_at_.clear();
    everything_at_ = sequence_;
    return;
  }
  changed_at_[workspace] = sequence_;
}

void change_clock::everything_changed() {
  std::lock_guard<std::mutex> guard{mutex_};
  everything_at_ = ++sequence_;
  changed_at_.clear(); // every entry is older than everything_at_ now
}

void change_clock::set_listening(bool listening) {
  std::lock_guard<std::mutex> guard{mutex_};
  everything_at_ = ++sequence_;
  changed_at_.clear();
  listening_ = listening;
}

bool change_clock::listening() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return listening_;
}

} // namespace upsync::http
