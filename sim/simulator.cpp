// The simulator's composition root: world, OAuth, faults, stats, HTTP server, threads.
#include "sim/simulator.hpp"

#include "sim/civil_time.hpp"
#include "sim/endpoints.hpp"
#include "sim/http_server.hpp"
#include "sim/presets.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace upsync::sim {

struct simulator::runtime {
  explicit runtime(int threads) : ioc(threads), work(boost::asio::make_work_guard(ioc)) {}
  boost::asio::io_context ioc;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work;
  std::unique_ptr<http_server> server;
  std::vector<std::thread> threads;
};

simulator::simulator(sim_options options) : options_(std::move(options)) {
  if (options_.threads < 1)
    throw std::invalid_argument("threads must be at least 1");
  auto clock = std::make_shared<sim_clock>(options_.start_ms, options_.frozen_clock);
  auto today = floor_div(clock->now_ms(), ms_per_day);
  auto data = make_dataset(options_.preset, options_.scale, today);
  state_ =
    std::make_unique<sim_state>(std::move(data), std::move(clock), options_.oauth, options_.faults, options_.preset);
}

simulator::~simulator() { stop(); }

unsigned short simulator::start() {
  if (rt_)
    return port_;
  rt_ = std::make_unique<runtime>(options_.threads);
  sim_state* s = state_.get();
  rt_->server = std::make_unique<http_server>(
    rt_->ioc, [s](http_request&& req, const std::string& remote) { return route(*s, std::move(req), remote); });
  port_ = rt_->server->listen(options_.host, options_.port);
  for (int i = 0; i < options_.threads; ++i)
    rt_->threads.emplace_back([io = &rt_->ioc] { io->run(); });
  return port_;
}

void simulator::stop() {
  if (!rt_)
    return;
  rt_->server->close();
  rt_->work.reset();
  rt_->ioc.stop();
  for (auto& t : rt_->threads)
    if (t.joinable())
      t.join();
  rt_->server.reset();
  rt_.reset();
}

void simulator::run_until_signal(const std::function<void()>& ready) {
  start();
  std::mutex mutex;
  std::condition_variable cv;
  bool signalled = false;
  {
    // The signal set must die before stop() destroys the io_context it belongs to.
    boost::asio::signal_set signals{rt_->ioc, SIGINT, SIGTERM};
    signals.async_wait([&](const boost::system::error_code&, int) {
      std::lock_guard lock{mutex};
      signalled = true;
      cv.notify_all();
    });
    ready();
    std::unique_lock lock{mutex};
    cv.wait(lock, [&] { return signalled; });
  }
  stop();
}

std::string simulator::base_url() const { return "http://" + options_.host + ":" + std::to_string(port_); }

token_outcome simulator::issue_tokens(const std::string& client_id, const std::string& login_hint) {
  auto hint = resolve_login_hint(state_->w, login_hint);
  if (!hint.error.empty())
    throw std::invalid_argument(hint.error);
  const std::string redirect = "http://localhost/callback";
  auto code = state_->oauth.issue_code(client_id, redirect, std::move(hint.scope));
  return state_->oauth.exchange_code(client_id, code, redirect);
}

} // namespace upsync::sim
