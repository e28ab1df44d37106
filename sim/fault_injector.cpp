// Fault draws and the per-client token bucket.
#include "sim/fault_injector.hpp"

#include "sim/prng.hpp"

#include <algorithm>
#include <cmath>

namespace upsync::sim {

fault_config fault_injector::config() const {
  std::lock_guard lock{mutex_};
  return config_;
}

void fault_injector::set_config(const fault_config& config) {
  std::lock_guard lock{mutex_};
  if (config.seed != config_.seed)
    sequence_ = 0; // a new seed restarts the reproducible sequence
  if (config.rate_limit_rps != config_.rate_limit_rps || config.rate_limit_burst != config_.rate_limit_burst)
    buckets_.clear();
  config_ = config;
}

bool fault_injector::take_token(const std::string& client, const fault_config& cfg, int& wait_s) {
  auto now = std::chrono::steady_clock::now();
  auto [it, fresh] = buckets_.try_emplace(client, bucket{cfg.rate_limit_burst, now});
  auto& b = it->second;
  if (!fresh) {
    double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(cfg.rate_limit_burst, b.tokens + elapsed * cfg.rate_limit_rps);
    b.last = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  wait_s = std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / cfg.rate_limit_rps)));
  return false;
}

fault_plan fault_injector::plan(const std::string& client, bool body_faults) {
  std::lock_guard lock{mutex_};
  const auto& cfg = config_;
  prng rng{cfg.seed, sequence_++};
  fault_plan p;
  p.draw = rng.next();
  // Every draw happens whatever the knobs say, so that turning one knob on does not
  // shift the outcomes of the others.
  double u_retry = rng.unit(), u_5xx = rng.unit(), u_which = rng.unit(), u_jitter = rng.unit();
  double u_partial = rng.unit(), u_strings = rng.unit(), u_iso = rng.unit();
  double u_trunc = rng.unit(), u_malformed = rng.unit();

  p.delay = std::chrono::milliseconds(cfg.latency_ms + static_cast<int>(u_jitter * (cfg.latency_jitter_ms + 1)));
  int wait_s = 0;
  if (cfg.rate_limit_rps > 0 && !take_token(client, cfg, wait_s)) {
    p.status = 429;
    if (u_retry < cfg.retry_after_share)
      p.retry_after_s = wait_s;
    return p;
  }
  if (u_5xx < cfg.error_5xx_share) {
    static constexpr int codes[] = {502, 503, 504};
    p.status = codes[std::min(2, static_cast<int>(u_which * 3))];
    return p;
  }
  if (body_faults) {
    p.partial_error = u_partial < cfg.partial_error_share;
    p.alias_error_share = cfg.alias_error_share; // drawn per alias from p.draw
    p.numbers_as_strings = u_strings < cfg.numbers_as_strings_share;
    p.iso_cell_times = u_iso < cfg.iso_cell_times_share;
    p.truncated = u_trunc < cfg.truncated_share;
    p.malformed = !p.truncated && u_malformed < cfg.malformed_share;
  }
  return p;
}

void fault_injector::damage_body(const fault_plan& plan, std::string& body) {
  if (body.size() < 2)
    return;
  if (plan.truncated) {
    // Cut somewhere strictly inside, so the JSON can never be complete.
    body.resize(1 + plan.draw % (body.size() - 1));
  } else if (plan.malformed) {
    // A stray token no JSON parser accepts, at a position between two characters.
    auto at = 1 + plan.draw % (body.size() - 1);
    body.insert(at, "\"<html>,}");
  }
}

} // namespace upsync::sim
