#include "http/server.hpp"

#include "http/api_error.hpp"

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <mutex>
#include <spdlog/spdlog.h>
#include <thread>
#include <unordered_set>
#include <vector>

namespace upsync::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

class session;

// -- shared state of the server -------------------------------------------------

struct server::impl {
  impl(server_options o, request_handler h, quick_handler q)
      : options(std::move(o)), handler(std::move(h)), quick(std::move(q)), ioc(static_cast<int>(options.io_threads)),
        keep_running(ioc.get_executor()), acceptor(net::make_strand(ioc)), workers(options.worker_threads) {}

  void accept();
  void add(const std::shared_ptr<session>& s);
  void remove(session* s);

  // Declared first so they outlive the io_context, whose destructor may destroy sessions.
  mutable std::mutex sessions_mutex;
  std::condition_variable sessions_changed;
  std::unordered_set<session*> sessions;
  std::vector<std::weak_ptr<session>> session_refs; // compacted on add

  server_options options;
  request_handler handler;
  quick_handler quick;
  net::io_context ioc;
  // Keeps run() going while a handler runs on a worker and no I/O is pending (during
  // shutdown the acceptor is closed, and an answer may still have to be written).
  net::executor_work_guard<net::io_context::executor_type> keep_running;
  tcp::acceptor acceptor;
  net::thread_pool workers;
  std::vector<std::thread> io_threads;
  unsigned short bound_port = 0;
  std::atomic<bool> stopping{false};
  bool started = false;
  bool stopped = false;
};

// -- one connection ---------------------------------------------------------------

class session : public std::enable_shared_from_this<session> {
public:
  session(tcp::socket&& socket, server::impl& srv) : stream_(std::move(socket)), srv_(srv) {}

  ~session() { srv_.remove(this); }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

  /// Called on shutdown: an idle connection closes now, a busy one after its answer.
  void shut_down() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      if (!self->busy_)
        self->close();
    });
  }

private:
  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(srv_.options.header_limit));
    parser_->body_limit(srv_.options.body_limit);
    stream_.expires_after(srv_.options.read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted
        || ec == net::error::connection_reset || ec == net::error::eof || ec == net::error::bad_descriptor) {
      close();
      return;
    }
    if (ec == bhttp::error::body_limit) {
      reply_error_and_close(413, "payload_too_large",
                            "request body exceeds " + std::to_string(srv_.options.body_limit) + " bytes");
      return;
    }
    if (ec == bhttp::error::header_limit) {
      reply_error_and_close(431, "payload_too_large", "request headers too large");
      return;
    }
    if (ec) {
      reply_error_and_close(400, "invalid_request", "malformed HTTP request: " + ec.message());
      return;
    }
    busy_ = true;
    stream_.expires_never(); // the handler may take its time; the write has its own limit
    auto req = std::make_shared<request>(parser_->release());
    if (auto res = answer_quickly(*req)) {
      write(std::move(*res), req->keep_alive());
      return;
    }
    net::post(srv_.workers, [self = shared_from_this(), req] {
      response res;
      try {
        res = self->srv_.handler(std::move(*req));
      } catch (const std::exception& e) {
        spdlog::error("http_handler_failed error=\"{}\"", e.what());
        res = error_response(500, "internal", "internal error", req->version(), false);
      }
      bool keep = req->keep_alive();
      net::dispatch(self->stream_.get_executor(),
                    [self, keep, res = std::move(res)]() mutable { self->write(std::move(res), keep); });
    });
  }

  // A repeat answered from memory skips the hand-off to a worker and back.
  std::optional<response> answer_quickly(const request& req) {
    if (!srv_.quick)
      return std::nullopt;
    try {
      return srv_.quick(req);
    } catch (const std::exception& e) {
      spdlog::warn("http_quick_handler_failed error=\"{}\"", e.what());
      return std::nullopt; // the worker path answers it
    }
  }

  void write(response&& res, bool client_keep_alive) {
    bool keep = client_keep_alive && res.keep_alive() && !stopping_ && !srv_.stopping.load(std::memory_order_relaxed);
    res.keep_alive(keep);
    auto msg = std::make_shared<response>(std::move(res));
    stream_.expires_after(srv_.options.write_timeout);
    bhttp::async_write(stream_, *msg, [self = shared_from_this(), msg, keep](beast::error_code ec, std::size_t) {
      self->busy_ = false;
      if (ec || !keep || self->stopping_) {
        self->close();
        return;
      }
      self->read();
    });
  }

  // The client may still be sending the rest of a refused request: answer, then close
  // lingering (half-close and drain for a moment) so the unread bytes do not make the
  // kernel reset the connection and destroy the answer before the client reads it.
  void reply_error_and_close(unsigned status, const std::string& code, const std::string& message) {
    busy_ = true;
    auto msg = std::make_shared<response>(error_response(status, code, message, 11, false));
    stream_.expires_after(srv_.options.write_timeout);
    bhttp::async_write(stream_, *msg, [self = shared_from_this(), msg](beast::error_code ec, std::size_t) {
      self->busy_ = false;
      if (ec) {
        self->close();
        return;
      }
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      self->stream_.expires_after(std::chrono::seconds(2));
      self->drain(0);
    });
  }

  void drain(std::size_t drained) {
    constexpr std::size_t max_drain = 4 * 1024 * 1024;
    drain_buffer_.resize(16 * 1024);
    stream_.async_read_some(net::buffer(drain_buffer_),
                            [self = shared_from_this(), drained](beast::error_code ec, std::size_t n) {
                              if (ec || drained + n > max_drain) {
                                self->close();
                                return;
                              }
                              self->drain(drained + n);
                            });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::vector<char> drain_buffer_;
  server::impl& srv_;
  bool busy_ = false;
  bool stopping_ = false;
};

// -- accepting -------------------------------------------------------------------------

void server::impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor.is_open())
        return;
      spdlog::warn("http_accept_failed error=\"{}\"", ec.message());
    } else {
      bool full;
      {
        std::lock_guard<std::mutex> guard{sessions_mutex};
        full = sessions.size() >= options.max_connections;
      }
      if (full) {
        beast::error_code ignored;
        socket.close(ignored); // shed load rather than exhaust file descriptors
      } else {
        // Answers go out as soon as they are written: without this, Nagle holds a write
        // that follows an unacknowledged one until the client's delayed ACK (up to 40 ms).
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        auto s = std::make_shared<session>(std::move(socket), *this);
        add(s);
        s->start();
      }
    }
    if (!stopping.load())
      accept();
  });
}

void server::impl::add(const std::shared_ptr<session>& s) {
  std::lock_guard<std::mutex> guard{sessions_mutex};
  sessions.insert(s.get());
  if (session_refs.size() > 2 * sessions.size() + 64) {
    session_refs.erase(
      std::remove_if(session_refs.begin(), session_refs.end(), [](const auto& w) { return w.expired(); }),
      session_refs.end());
  }
  session_refs.push_back(s);
}

void server::impl::remove(session* s) {
  {
    std::lock_guard<std::mutex> guard{sessions_mutex};
    sessions.erase(s);
  }
  sessions_changed.notify_all();
}

// -- server ------------------------------------------------------------------------------

server::server(server_options options, request_handler handler, quick_handler quick)
    : impl_(std::make_unique<impl>(std::move(options), std::move(handler), std::move(quick))) {}

server::~server() { stop(); }

void server::start() {
  auto& s = *impl_;
  tcp::endpoint endpoint{net::ip::make_address(s.options.address), s.options.port};
  s.acceptor.open(endpoint.protocol());
  s.acceptor.set_option(net::socket_base::reuse_address(true));
  s.acceptor.bind(endpoint);
  s.acceptor.listen(net::socket_base::max_listen_connections);
  s.bound_port = s.acceptor.local_endpoint().port();
  s.started = true;
  s.accept();
  for (std::size_t i = 0; i < std::max<std::size_t>(1, s.options.io_threads); ++i)
    s.io_threads.emplace_back([&s] { s.ioc.run(); });
}

unsigned short server::port() const { return impl_->bound_port; }

std::size_t server::connections() const {
  std::lock_guard<std::mutex> guard{impl_->sessions_mutex};
  return impl_->sessions.size();
}

void server::stop() {
  auto& s = *impl_;
  if (!s.started || s.stopped)
    return;
  s.stopped = true;
  s.stopping = true;
  net::dispatch(s.acceptor.get_executor(), [&s] {
    beast::error_code ignored;
    s.acceptor.close(ignored);
  });
  std::vector<std::shared_ptr<session>> live;
  {
    std::lock_guard<std::mutex> guard{s.sessions_mutex};
    for (auto& w : s.session_refs)
      if (auto p = w.lock())
        live.push_back(std::move(p));
  }
  for (auto& p : live)
    p->shut_down();
  live.clear();
  {
    std::unique_lock<std::mutex> guard{s.sessions_mutex};
    s.sessions_changed.wait_for(guard, s.options.drain_timeout, [&s] { return s.sessions.empty(); });
  }
  s.keep_running.reset();
  s.ioc.stop();
  for (auto& t : s.io_threads)
    t.join();
  s.workers.join();
}

} // namespace upsync::http
