// Actors that measure themselves. CAF 0.17 has no telemetry and an actor's mailbox may be
// read only by its owner, so each engine actor counts the messages it handles and the
// size of its own mailbox as it goes, and sends the METRICS actor those numbers plus what
// its state says about itself (`describe`): once after it starts, then at most once per
// report interval and only after it handled messages (a self-addressed `report` a report
// interval after the first message since the last report). An idle actor costs nothing:
// polling 110,000 actors every second was most of an idle daemon's CPU (bench_scale).
// The counting sits in `consume` (every message passes there), so behaviours stay
// untouched; with metrics off (no metrics actor registered) it costs one branch a message.
//
// Typed actors use it too: `metered_actor<State, X_actor::base>` is what
// `X_actor::stateful_pointer<State>` would be, plus the counting. The self-addressed
// `report` goes through an untyped handle (delayed_anon_send), so it is in no interface:
// `consume` takes it out before any behaviour, typed or not, could see it.
#pragma once

#include "actors/actor_interfaces.hpp"
#include "actors/actor_report.hpp"
#include "actors/atoms.hpp"

#include <caf/all.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace upsync::sync {

/// Where engine actors find the metrics actor: the actor system's registry.
inline constexpr caf::atom_value metrics_actor_key = caf::atom("metrics");

/// The actor system's setting (a caf::timespan) for how often at most an actor reports;
/// one second when unset.
inline constexpr const char* metrics_interval_key = "upsync.metrics-interval";

/// Wall-clock Unix seconds with their fraction (lag is measured against it).
inline double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

template <class State, class = void>
struct describes_itself : std::false_type {};
template <class State>
struct describes_itself<State,
                        std::void_t<decltype(std::declval<const State&>().describe(std::declval<actor_report&>()))>>
    : std::true_type {};

/// A stateful actor that measures itself; spawn functions take `metered_actor<State>*`
/// (dynamically typed) or `metered_actor<State, X_actor::base>*` (the typed actor X).
template <class State, class Base = caf::event_based_actor>
class metered_actor : public caf::stateful_actor<State, Base> {
public:
  using super = caf::stateful_actor<State, Base>;

  template <class... Ts>
  explicit metered_actor(caf::actor_config& cfg, Ts&&... xs) : super(cfg, std::forward<Ts>(xs)...) {}

  void initialize() override {
    super::initialize();
    accountant_ = caf::actor_cast<metrics_actor>(this->system().registry().get(metrics_actor_key));
    if (!accountant_)
      return;
    started_at_ = unix_now();
    interval_ = caf::get_or(this->system().config(), metrics_interval_key, caf::timespan{std::chrono::seconds(1)});
    // The address is weak: the metrics actor never keeps an actor alive.
    caf::anon_send(accountant_, atom::announce_v, this->address(), std::string{State::name});
    schedule_report(); // what it is, once, even if it never handles a message
    // The state is gone when this runs: only the counters kept here are read.
    this->attach_functor([this](const caf::error& reason) {
      auto report = base_report();
      report.alive = false;
      report.failed = reason && reason != caf::exit_reason::user_shutdown && reason != caf::exit_reason::normal;
      caf::anon_send(accountant_, atom::report_v, std::move(report));
    });
  }

  caf::invoke_message_result consume(caf::mailbox_element& x) override {
    if (!accountant_)
      return super::consume(x);
    auto waiting = this->mailbox().size();
    if (waiting > mailbox_max_)
      mailbox_max_ = waiting;
    if (x.content().template match_elements<atom::report>()) {
      report_due_ = false;
      auto report = base_report();
      report.mailbox = waiting;
      if constexpr (describes_itself<State>::value)
        this->state.describe(report);
      caf::anon_send(accountant_, atom::report_v, std::move(report));
      return caf::invoke_message_result::consumed;
    }
    ++handled_;
    if (!report_due_)
      schedule_report();
    return super::consume(x);
  }

private:
  void schedule_report() {
    report_due_ = true;
    // Anonymous and untyped: a typed actor may send itself only what its interface lists.
    caf::delayed_anon_send(caf::actor_cast<caf::actor>(this), interval_, atom::report_v);
  }

  actor_report base_report() const {
    actor_report r;
    r.kind = State::name;
    r.id = this->id();
    r.handled = handled_;
    r.mailbox_max = mailbox_max_;
    r.started_at = started_at_;
    return r;
  }

  metrics_actor accountant_;
  std::uint64_t handled_ = 0;
  std::uint64_t mailbox_max_ = 0;
  double started_at_ = 0;
  caf::timespan interval_{};
  bool report_due_ = false; ///< a self-addressed report is on its way
};

} // namespace upsync::sync
