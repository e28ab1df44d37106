// The webhook DISPATCHER (issue 20): a thread of upsyncd that sends the outbox's due
// deliveries (storage/webhooks), signed (webhooks/signature), to destinations the SSRF rule
// allows (domain::may_deliver_to, checked against what the host resolves to now), without
// following redirects, and schedules retries (domain::webhook_retry_delay) for a day.
// Every node runs one; SKIP LOCKED keeps them off each other's deliveries.
#pragma once

#include "domain/webhook_rules.hpp"
#include "webhooks/host_resolver.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace upsync::webhooks {

struct dispatcher_options {
  std::string database_url;
  std::string secret_key_hex; ///< opens the endpoints' signing secrets
  domain::webhook_destinations destinations;
  host_resolver resolve = resolve_host;
  std::chrono::milliseconds poll{1000};     ///< how often it looks for due deliveries
  std::chrono::seconds retry_base{30};      ///< the first retry's delay (doubling after)
  int batch = 20;                           ///< deliveries claimed at once
  int lease_seconds = 120;                  ///< a claimed delivery is sent again after this if its node died
  std::chrono::milliseconds timeout{10000}; ///< connect, and again for the answer
};

class dispatcher {
public:
  explicit dispatcher(dispatcher_options options);
  ~dispatcher();
  dispatcher(const dispatcher&) = delete;
  dispatcher& operator=(const dispatcher&) = delete;

  /// Sends due deliveries every `poll` on a thread of its own until stop().
  void start();
  void stop();
  /// Sends what is due now, once; how many it attempted. Throws when PostgreSQL fails.
  std::size_t deliver_due();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace upsync::webhooks
