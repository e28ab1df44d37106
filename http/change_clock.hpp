// When each workspace last changed, on one process-wide sequence: the API cache's test of
// whether an answer read from PostgreSQL may still be served. A reader takes a stamp
// BEFORE its query; the answer stays valid while no change of its workspace (and no
// "everything changed") has been recorded after that stamp. Changes are recorded by the
// change listener (other processes' commits, via PostgreSQL notifications) and by the
// dispatcher (this process's own writes, synchronously before their answer is sent).
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace upsync::http {

class change_clock {
public:
  struct stamp {
    std::uint64_t at = 0;
    /// False while changes may go unheard (no listener): what is read then is not kept.
    bool trusted = false;
  };

  /// Taken before the query whose answer may be kept.
  stamp now() const;

  /// Nothing of `workspace` changed since `s`, and changes are being heard.
  bool unchanged_since(storage::db_id workspace, const stamp& s) const;

  void workspace_changed(storage::db_id workspace);
  /// A TRUNCATE, a lost listener connection: every kept answer is void.
  void everything_changed();

  /// Whether changes are heard. Going down and coming back both void everything: while
  /// down, notifications may have been missed (the listener calls this with true only
  /// after its LISTEN is in place, so nothing committed after that can be missed).
  void set_listening(bool listening);
  bool listening() const;

private:
  // Past this many workspaces, the map is dropped for one "everything changed".
  static constexpr std::size_t max_tracked = 100'000;

  mutable std::mutex mutex_;
  std::uint64_t sequence_ = 0;
  std::uint64_t everything_at_ = 0;
  std::unordered_map<storage::db_id, std::uint64_t> changed_at_;
  bool listening_ = false;
};

} // namespace upsync::http
