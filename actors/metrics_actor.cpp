// The METRICS actor: folds the engine actors' own reports into one overview.
#include "actors/metrics_actor.hpp"

#include "actors/metered_actor.hpp"

#include <algorithm>
#include <caf/all.hpp>
#include <set>
#include <string_view>
#include <unordered_map>

namespace upsync::sync {

namespace {

struct reporting_actor {
  actor_report last;
  bool reported = false;           ///< announced only: counted alive, not yet described
  std::uint64_t recent = 0;        ///< handled between the last two reports
  std::uint64_t reported_tick = 0; ///< when it last reported (an actor that went quiet is not busy)
};

/// What actors that exited leave behind, so counters never go down.
struct retired_totals {
  std::uint64_t handled = 0;
  std::uint64_t failures = 0;
  std::uint64_t mailbox_max = 0;
};

struct metrics_state {
  std::shared_ptr<overview_board> board;
  std::chrono::milliseconds interval{1000};
  std::unordered_map<std::uint64_t, reporting_actor> live;
  std::map<std::string, retired_totals, std::less<>> retired;
  std::set<std::string, std::less<>> kinds; ///< the announced kinds' names, which reports point into
  std::uint64_t ticks = 0;
  bool changed = true;       ///< reports or announcements since the last overview
  bool recent_shown = false; ///< the last overview shows recent messages that will age out
  std::uint64_t next_fold_tick = 0;
  static inline const char* name = "metrics";
};

using self_ptr = metrics_actor::stateful_pointer<metrics_state>;

/// `map[name]` for a map keyed by std::string, looked up by a view without a copy.
template <class Map>
typename Map::mapped_type& named(Map& map, std::string_view name) {
  auto it = map.find(name);
  if (it == map.end())
    it = map.emplace(std::string{name}, typename Map::mapped_type{}).first;
  return it->second;
}

/// The busiest `actor_overview::busiest_kept` actors of each workspace: a min-heap per
/// workspace whose top is the least busy one kept, so 100,000 idle contracts cost one
/// comparison each and no copy.
class busiest_by_workspace {
public:
  void offer(metrics::actor_summary&& a) {
    auto& heap = heaps_[a.workspace_id];
    auto less_busy_on_top = [](const metrics::actor_summary& x, const metrics::actor_summary& y) {
      return metrics::busier(x, y);
    };
    if (heap.size() < metrics::actor_overview::busiest_kept) {
      heap.push_back(std::move(a));
      std::push_heap(heap.begin(), heap.end(), less_busy_on_top);
    } else if (metrics::busier(a, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), less_busy_on_top);
      heap.back() = std::move(a);
      std::push_heap(heap.begin(), heap.end(), less_busy_on_top);
    }
  }
  void move_into(std::vector<metrics::actor_summary>& out) {
    for (auto& [workspace, heap] : heaps_)
      for (auto& a : heap)
        out.push_back(std::move(a));
  }

private:
  std::unordered_map<std::int64_t, std::vector<metrics::actor_summary>> heaps_;
};

metrics::actor_overview fold(const metrics_state& st) {
  metrics::actor_overview o;
  busiest_by_workspace busiest;
  o.taken_at = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::map<std::string, metrics::kind_summary, std::less<>> kinds;
  for (const auto& [kind, r] : st.retired) {
    auto& k = named(kinds, kind);
    k.messages_handled += r.handled;
    k.failures += r.failures;
    k.mailbox_max = std::max(k.mailbox_max, r.mailbox_max);
  }
  for (const auto& [id, a] : st.live) {
    const auto& r = a.last;
    auto& k = named(kinds, r.kind);
    k.alive += 1;
    k.messages_handled += r.handled;
    k.mailbox += r.mailbox;
    k.mailbox_max = std::max(k.mailbox_max, r.mailbox_max);
    if (!a.reported)
      continue;
    // Actors report only after handling messages: one that stayed quiet handled none since.
    auto recent = a.reported_tick + 2 > st.ticks ? a.recent : 0;
    busiest.offer(metrics::actor_summary{std::string{r.kind}, id, r.workspace_id, r.organization_id, r.contract_id,
                                         r.state, r.handled, recent, r.mailbox, r.mailbox_max});
    if (r.kind == "organization")
      o.organizations.push_back(
        metrics::organization_lag{r.workspace_id, r.organization_id, r.state, r.last_success, r.started_at});
    if (r.kind == "contract") {
      o.imports[std::string{r.import_state.empty() ? "pending" : r.import_state}] += 1;
      o.import_days_done += static_cast<std::uint64_t>(std::max(0, r.days_done));
      o.import_days_total += static_cast<std::uint64_t>(std::max(0, r.days_total));
    }
  }
  busiest.move_into(o.actors);
  for (auto& [kind, k] : kinds) {
    k.kind = kind;
    o.kinds.push_back(k);
  }
  return o;
}

metrics_actor::behavior_type metrics_behavior(self_ptr self, std::shared_ptr<overview_board> board,
                                              std::chrono::milliseconds interval) {
  self->state.board = std::move(board);
  self->state.interval = interval;
  self->delayed_send(self, interval, atom::tick_v);
  return {
    [self](atom::announce, const caf::actor_addr& address, const std::string& kind) {
      auto& st = self->state;
      auto& entry = st.live[address.id()];
      entry.last.kind = *st.kinds.insert(kind).first; // set elements never move
      entry.last.id = address.id();
      self->state.changed = true;
    },
    [self](atom::report, actor_report& report) {
      auto& st = self->state;
      st.changed = true;
      auto it = st.live.find(report.id);
      if (!report.alive) {
        auto& r = named(st.retired, report.kind);
        r.handled += report.handled;
        r.failures += report.failed ? 1 : 0;
        r.mailbox_max = std::max(r.mailbox_max, report.mailbox_max);
        if (it != st.live.end())
          st.live.erase(it);
        return;
      }
      if (it == st.live.end())
        return; // a late report from an actor that already said goodbye
      it->second.recent = report.handled - std::min(report.handled, it->second.last.handled);
      it->second.last = std::move(report);
      it->second.reported = true;
      it->second.reported_tick = st.ticks;
    },
    [self](atom::tick) {
      // Actors report on their own (metered_actor); the overview is folded again only when
      // something changed, and with 100,000 actors at most every ~10 intervals (a fold copies
      // every actor's summary).
      auto& st = self->state;
      ++st.ticks;
      if ((st.changed || st.recent_shown) && st.ticks >= st.next_fold_tick) {
        auto overview = fold(st);
        st.recent_shown = std::any_of(overview.actors.begin(), overview.actors.end(),
                                      [](const metrics::actor_summary& a) { return a.messages_recent > 0; });
        st.board->publish(std::make_shared<const metrics::actor_overview>(std::move(overview)));
        st.changed = false;
        st.next_fold_tick = st.ticks + std::max<std::uint64_t>(1, st.live.size() / 10000);
      }
      self->delayed_send(self, st.interval, atom::tick_v);
    },
  };
}

} // namespace

metrics_actor spawn_metrics_actor(caf::actor_system& sys, std::shared_ptr<overview_board> board,
                                  std::chrono::milliseconds interval) {
  auto actor = sys.spawn(metrics_behavior, std::move(board), interval);
  sys.registry().put(metrics_actor_key, caf::actor_cast<caf::strong_actor_ptr>(actor));
  return actor;
}

} // namespace upsync::sync
