#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/net/event_loop.hpp"
#include "core/net/journal.hpp"
#include "core/net/router.hpp"
#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "core/util/logger.hpp"

namespace core::net {

// What carries the requests to the routes.
enum class Transport {
  kAuto,                 // the event loop, unless TLS or handlers_may_block ask for httplib
  kEventLoop,            // plain HTTP on a few epoll workers (core/net/event_loop.hpp)
  kThreadPerConnection,  // cpp-httplib: a pool thread per keep-alive connection; TLS
};

// How a server listens and what it tolerates. Every limit is named here.
struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;            // 0: any free port
  std::string public_url;  // base for metadata, redirects, endpoints; "" = listen URL
  std::size_t max_body_bytes = 1024 * 1024;  // larger bodies: 413
  Transport transport = Transport::kAuto;
  // A route may wait on another server (seconds, not microseconds): the event loop's few
  // workers would stall every connection behind it, so kAuto picks a thread per connection.
  bool handlers_may_block = true;
  std::size_t threads = 64;       // thread per connection: keep-alive connections served at once
  std::size_t event_workers = 0;  // event loop: worker threads, 0 = one per CPU (at least 2)
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds write_timeout{10};
  std::chrono::seconds keep_alive_timeout{5};
  std::size_t keep_alive_max_requests = 100000;  // httplib's default (5) defeats keep-alive
  int listen_backlog = 1024;                     // httplib's default (5) drops bursts
  bool tls = false;  // https with tls_cert_pem/tls_key_pem, or a generated pair
  std::string tls_cert_pem;
  std::string tls_key_pem;
  std::string request_id_header = "x-request-id";  // set on every response
  bool harness_remote = false;                     // allow /_harness/ from non-loopback peers
  bool access_log = true;                          // one line per request on the logger
  std::size_t journal_capacity = Journal::kDefaultCapacity;  // 0 disables the journal
};

// Renders a failed request in the protocol's own error shape (AWS SCIM envelope, Graph error,
// AADSTS page, ...). `status` is the HTTP status; `message` is safe to show to the peer.
using ErrorRenderer = std::function<void(const httplib::Request&, httplib::Response&, int status,
                                         const std::string& message)>;
// Maps an exception thrown by a route to a response. Return false to fall back to a 500.
using ExceptionMapper =
    std::function<bool(const httplib::Request&, httplib::Response&, std::exception_ptr)>;

// One server: the routes, and the transport that carries requests to them (our event loop for
// plain HTTP, or cpp-httplib with a thread pool sized on purpose, for TLS and for servers whose
// routes block). Either way: TCP_NODELAY, keep-alive, timeouts, a body limit, a request id on
// every response, errors in the protocol's shape, the journal and the access log.
// Routes are added on routes() before run(). Thread-safe after run() starts.
class HttpServer {
 public:
  HttpServer(ServerOptions options, const util::Clock& clock, util::IdGenerator& ids,
             util::Logger& log);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  Router& routes() { return router_; }
  Journal& journal() { return journal_; }
  const ServerOptions& options() const { return options_; }
  util::Logger& log() { return log_; }

  // Renders 404/405/413 and any empty-bodied error (default: a small JSON body).
  void set_error_renderer(ErrorRenderer renderer) { error_renderer_ = std::move(renderer); }
  void set_exception_mapper(ExceptionMapper mapper) { exception_mapper_ = std::move(mapper); }
  // Paths with this prefix are left out of the journal (default "/_harness/").
  void set_journal_exclude_prefix(std::string prefix) { journal_exclude_ = std::move(prefix); }

  // Binds the socket; returns the port. Throws std::runtime_error on failure.
  int bind();
  // Serves until stop(); returns when stopped.
  void run();
  void stop();
  bool running() const { return loop_ ? loop_->running() : server_->is_running(); }

  int port() const { return port_; }
  // "http://127.0.0.1:PORT" (or https), as printed on the readiness line.
  std::string listen_url() const;
  // --public-url if given, else listen_url(); never ends with '/'.
  std::string public_url() const;

  // The id given to this request (also in the response header).
  std::string request_id(const httplib::Response& res) const;
  // True if the peer may use /_harness/ (loopback, or harness_remote).
  bool harness_allowed(const httplib::Request& req) const;

 private:
  void install_httplib();
  // Everything between reading a request and writing its response, for either transport.
  void handle(httplib::Request& req, httplib::Response& res);
  // A request the event loop could not read (400, 413, 431, ...), in the protocol's shape.
  void refuse(httplib::Request& req, httplib::Response& res, int status, const std::string& reason);
  void render_error(const httplib::Request& req, httplib::Response& res, int status,
                    const std::string& message);
  void record(const httplib::Request& req, const httplib::Response& res);
  void end_idle_connections();

  ServerOptions options_;
  const util::Clock& clock_;
  util::IdGenerator& ids_;
  util::Logger& log_;
  Journal journal_;
  Router router_;
  std::unique_ptr<EventLoop> loop_;          // plain HTTP on the event loop, or
  std::unique_ptr<httplib::Server> server_;  // cpp-httplib
  ErrorRenderer error_renderer_;
  ExceptionMapper exception_mapper_;
  std::string journal_exclude_ = "/_harness/";
  std::atomic<int> listen_fd_{-1};
  int port_ = 0;
};

// Writes `body` as the response with the given status and "application/json".
void send_json(httplib::Response& res, int status, const nlohmann::json& body,
               const char* content_type = "application/json");

// Deeper JSON is refused before parsing: no real request nests past a handful of levels.
constexpr int kMaxJsonDepth = 64;
// True if `text` opens more than max_depth arrays/objects at once (strings are skipped).
bool nesting_exceeds(const std::string& text, int max_depth);

// Parses a JSON request body. nullopt if empty or malformed (callers answer in their own
// error shape); `error` gets a one-line reason with the byte position.
std::optional<nlohmann::json> parse_json_body(const std::string& body, std::string& error);

// True for 127.0.0.0/8, ::1 and ::ffff:127.x.
bool is_loopback(const std::string& addr);

}  // namespace core::net
