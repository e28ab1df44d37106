// An in-memory http_transport for client tests: scripted answers, recorded requests.
#pragma once

#include "protocol/upwork/http_transport.hpp"

#include <deque>
#include <functional>
#include <mutex>
#include <vector>

namespace upsync::upwork::testing {

class fake_transport : public http_transport {
public:
  using responder = std::function<result<http_response>(const http_request&)>;

  /// Answers with `r` for every request once the queue is empty.
  explicit fake_transport(responder r = {}) : fallback_(std::move(r)) {}

  /// Queues one answer.
  void push(int status, std::string body, std::vector<http_header> headers = {}) {
    http_response resp;
    resp.status = status;
    resp.body = std::move(body);
    resp.headers = std::move(headers);
    std::lock_guard lock{mutex_};
    queue_.push_back(result<http_response>{std::move(resp)});
  }
  /// Queues a transport failure.
  void push_failure(error e) {
    std::lock_guard lock{mutex_};
    queue_.push_back(result<http_response>{std::move(e)});
  }

  result<http_response> send(const http_request& request) override {
    std::unique_lock lock{mutex_};
    sent_.push_back(request);
    if (!queue_.empty()) {
      auto r = std::move(queue_.front());
      queue_.pop_front();
      return r;
    }
    lock.unlock();
    if (fallback_)
      return fallback_(request);
    return make_error(error_kind::permanent, "fake_transport: nothing scripted");
  }

  std::vector<http_request> sent() const {
    std::lock_guard lock{mutex_};
    return sent_;
  }

private:
  responder fallback_;
  mutable std::mutex mutex_;
  std::deque<result<http_response>> queue_;
  std::vector<http_request> sent_;
};

/// The value of header `name` in `req`, or empty.
inline std::string header_of(const http_request& req, const std::string& name) {
  for (const auto& h : req.headers)
    if (h.name == name)
      return h.value;
  return {};
}

} // namespace upsync::upwork::testing
