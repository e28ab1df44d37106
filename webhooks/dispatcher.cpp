#include "webhooks/dispatcher.hpp"

#include "protocol/upwork/beast_http_client.hpp"
#include "storage/secrets.hpp"
#include "storage/webhooks.hpp"
#include "webhooks/signature.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

namespace upsync::webhooks {

namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// What one attempt came to.
struct outcome {
  bool delivered = false;
  bool retry = true; ///< false: it cannot succeed by waiting (a refused destination, no secret)
  int status = 0;
  std::string error;
};

} // namespace

struct dispatcher::impl {
  explicit impl(dispatcher_options o) : options(std::move(o)) {
    upwork::http_client_options h;
    h.connect_timeout = options.timeout;
    h.request_timeout = options.timeout;
    h.max_body_bytes = 64 * 1024;     // a receiver's answer is read and dropped
    h.allow_plain_http_remote = true; // http:// is the manager's choice; the body is signed
    h.user_agent = "upsync-webhooks/1";
    client = std::make_unique<upwork::beast_http_client>(h);
    key = storage::secret_key::from_hex(options.secret_key_hex);
  }

  outcome attempt(const storage::webhooks::due_delivery& d) {
    outcome out;
    auto url = domain::parse_webhook_url(d.url);
    auto secret =
      key ? storage::decrypt(*key, d.secret_enc, storage::webhooks::secret_aad(d.endpoint_id)) : std::nullopt;
    if (!url || !secret) {
      out.retry = false;
      out.error = !url ? "the endpoint's URL is not deliverable" : "the endpoint's secret cannot be opened";
      return out;
    }
    // The SSRF rule on what the host resolves to now, not when it was registered.
    if (!domain::may_deliver_to(url->host, options.resolve(url->host), options.destinations)) {
      out.retry = false;
      out.error =
        "refused: " + url->host + " resolves to a private, loopback or reserved address (UPSYNC_WEBHOOK_ALLOW_HOSTS)";
      return out;
    }
    upwork::http_request req;
    req.method = "POST";
    req.url = d.url;
    req.body = d.body;
    req.headers = {{"Content-Type", "application/json"},
                   {"X-Upsync-Event", d.type},
                   {"X-Upsync-Event-Id", d.event_id},
                   {"X-Upsync-Delivery", std::to_string(d.id)},
                   {"X-Upsync-Signature", sign(*secret, unix_now(), d.body)}};
    auto answer = client->send(req);
    if (!answer.ok()) {
      out.error = answer.error().message;
      return out;
    }
    out.status = answer->status;
    out.delivered = out.status >= 200 && out.status < 300;
    if (!out.delivered) // redirects are not followed: a 3xx is a failed attempt like a 5xx
      out.error = "HTTP " + std::to_string(out.status);
    return out;
  }

  std::size_t deliver_due() {
    if (!db || !db->is_open())
      db = std::make_unique<pqxx::connection>(options.database_url);
    std::vector<storage::webhooks::due_delivery> due;
    {
      pqxx::work tx{*db};
      due = storage::webhooks::claim_due(tx, options.batch, options.lease_seconds);
      tx.commit(); // claimed: no transaction stays open while a receiver answers
    }
    for (const auto& d : due) {
      auto o = attempt(d);
      pqxx::work tx{*db};
      if (o.delivered) {
        storage::webhooks::delivered(tx, d.id, o.status);
      } else {
        std::optional<std::int64_t> retry_in;
        if (o.retry)
          if (auto delay = domain::webhook_retry_delay(static_cast<int>(d.attempts) + 1,
                                                       std::chrono::seconds(d.age_seconds), options.retry_base))
            retry_in = delay->count();
        storage::webhooks::attempt_failed(tx, d.id, o.status, o.error, retry_in);
        spdlog::warn("webhook_delivery_failed delivery={} endpoint={} event={} status={} retry_in={} error=\"{}\"",
                     d.id, d.endpoint_id, d.event_id, o.status, retry_in ? std::to_string(*retry_in) + "s" : "never",
                     o.error);
      }
      tx.commit();
    }
    return due.size();
  }

  void run() {
    std::unique_lock lock{mutex};
    while (running) {
      lock.unlock();
      try {
        deliver_due();
      } catch (const std::exception& e) {
        db.reset();
        spdlog::warn("webhook_dispatch_failed error=\"{}\"", e.what());
      }
      lock.lock();
      wake.wait_for(lock, options.poll, [this] { return !running; });
    }
  }

  dispatcher_options options;
  std::optional<storage::secret_key> key;
  std::unique_ptr<upwork::beast_http_client> client;
  std::unique_ptr<pqxx::connection> db;
  std::mutex mutex;
  std::condition_variable wake;
  bool running = false;
  std::thread thread;
};

dispatcher::dispatcher(dispatcher_options options) : impl_(std::make_unique<impl>(std::move(options))) {}

dispatcher::~dispatcher() { stop(); }

void dispatcher::start() {
  std::lock_guard lock{impl_->mutex};
  if (impl_->running)
    return;
  impl_->running = true;
  impl_->thread = std::thread([this] { impl_->run(); });
}

void dispatcher::stop() {
  {
    std::lock_guard lock{impl_->mutex};
    impl_->running = false;
  }
  impl_->wake.notify_all();
  if (impl_->thread.joinable())
    impl_->thread.join();
}

std::size_t dispatcher::deliver_due() { return impl_->deliver_due(); }

} // namespace upsync::webhooks
