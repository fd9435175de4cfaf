#include "core/net/server.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "core/crypto/self_signed.hpp"
#include "core/util/iso8601.hpp"

namespace core::net {
namespace {

// httplib's SSLServer reads its key pair from files: write them to a private temp file each
// and remove the files as soon as the server has loaded them.
class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    char pattern[] = "/tmp/lab-tls-XXXXXX";
    const int fd = ::mkstemp(pattern);
    if (fd < 0) throw std::runtime_error("cannot create a temporary file for the TLS key pair");
    path_ = pattern;
    const auto written = ::write(fd, content.data(), content.size());
    ::close(fd);
    if (written != static_cast<ssize_t>(content.size())) {
      throw std::runtime_error("cannot write the TLS key pair");
    }
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string status_text(int status) {
  switch (status) {
    case 404:
      return "The requested resource does not exist.";
    case 405:
      return "The method is not allowed on this resource.";
    case 413:
      return "The request body is too large.";
    case 400:
      return "The request is malformed.";
    default:
      return "The request failed.";
  }
}

bool wants_event_loop(const ServerOptions& o) {
  switch (o.transport) {
    case Transport::kEventLoop:
      if (o.tls) throw std::runtime_error("the event-loop transport serves plain http only");
      return true;
    case Transport::kThreadPerConnection:
      return false;
    case Transport::kAuto:
      break;
  }
  return !o.tls && !o.handlers_may_block;
}

bool is_form(const httplib::Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  return type.rfind("application/x-www-form-urlencoded", 0) == 0;
}

}  // namespace

HttpServer::HttpServer(ServerOptions options, const util::Clock& clock, util::IdGenerator& ids,
                       util::Logger& log)
    : options_(std::move(options)),
      clock_(clock),
      ids_(ids),
      log_(log),
      journal_(options_.journal_capacity) {
  if (wants_event_loop(options_)) {
    EventLoopOptions loop;
    loop.host = options_.host;
    loop.port = options_.port;
    loop.listen_backlog = options_.listen_backlog;
    loop.workers = options_.event_workers;
    loop.limits.max_body_bytes = options_.max_body_bytes;
    loop.read_timeout = options_.read_timeout;
    loop.write_timeout = options_.write_timeout;
    loop.keep_alive_timeout = options_.keep_alive_timeout;
    loop_ = std::make_unique<EventLoop>(
        loop, [this](httplib::Request& req, httplib::Response& res) { handle(req, res); },
        [this](httplib::Request& req, httplib::Response& res, int status,
               const std::string& reason) { refuse(req, res, status, reason); },
        [this](const httplib::Request& req, const httplib::Response& res) { record(req, res); });
    return;
  }
  if (options_.tls) {
    if (options_.tls_cert_pem.empty() || options_.tls_key_pem.empty()) {
      const auto now = clock_.now();
      const auto pair = crypto::make_self_signed_tls(options_.host, now, ids_);
      options_.tls_cert_pem = pair.certificate_pem;
      options_.tls_key_pem = pair.private_key_pem;
    }
    TempFile cert(options_.tls_cert_pem);
    TempFile key(options_.tls_key_pem);
    auto ssl = std::make_unique<httplib::SSLServer>(cert.path().c_str(), key.path().c_str());
    if (!ssl->is_valid()) throw std::runtime_error("the TLS certificate or key was not accepted");
    server_ = std::move(ssl);
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  install_httplib();
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::install_httplib() {
  auto& s = *server_;
  const std::size_t threads = options_.threads == 0 ? 1 : options_.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(options_.keep_alive_max_requests);
  s.set_keep_alive_timeout(options_.keep_alive_timeout.count());
  s.set_read_timeout(options_.read_timeout.count(), 0);
  s.set_write_timeout(options_.write_timeout.count(), 0);
  s.set_payload_max_length(options_.max_body_bytes);
  s.set_socket_options([this](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_fd_.store(sock);
  });
  // Every request goes to our router through one catch-all route per method. httplib hands
  // routes a const Request that it owns and does not read again before the response is
  // written; the router fills in req.matches and form params, hence the casts. Bodies are
  // read through a content reader, which also avoids httplib 0.11.4's 8 KiB cap on
  // url-encoded forms.
  const std::string any = R"([\s\S]*)";
  const auto plain = [this](const httplib::Request& req, httplib::Response& res) {
    handle(const_cast<httplib::Request&>(req), res);
  };
  const auto with_body = [this](const httplib::Request& req, httplib::Response& res,
                                const httplib::ContentReader& reader) {
    auto& r = const_cast<httplib::Request&>(req);
    // Without Content-Length or Transfer-Encoding a request has no body (RFC 9112 §6.3);
    // httplib's reader would wait for the connection to close.
    const bool framed = r.has_header("Content-Length") || r.has_header("Transfer-Encoding");
    const bool read = !framed || reader([&r](const char* data, std::size_t length) {
      r.body.append(data, length);
      return true;
    });
    if (!read) {
      if (res.status == -1) res.status = 400;
      return;
    }
    handle(r, res);
  };
  s.Get(any, plain);
  s.Options(any, plain);
  s.Post(any, with_body);
  s.Post(any, plain);
  s.Put(any, with_body);
  s.Put(any, plain);
  s.Patch(any, with_body);
  s.Patch(any, plain);
  s.Delete(any, with_body);
  s.Delete(any, plain);
  // httplib's own refusals (a malformed request line, 413, 414, ...) come here.
  s.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
        if (!res.has_header(options_.request_id_header)) {
          res.set_header(options_.request_id_header, ids_.uuid4());
        }
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        render_error(req, res, res.status, status_text(res.status));
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.set_logger(
      [this](const httplib::Request& req, const httplib::Response& res) { record(req, res); });
}

void HttpServer::render_error(const httplib::Request& req, httplib::Response& res, int status,
                              const std::string& message) {
  if (error_renderer_) {
    error_renderer_(req, res, status, message);
  } else {
    send_json(res, status, {{"error", message}, {"status", status}});
  }
}

void HttpServer::handle(httplib::Request& req, httplib::Response& res) {
  res.set_header(options_.request_id_header, ids_.uuid4());
  if (is_form(req)) http1::parse_params(req.body, req.params);
  try {
    if (!router_.dispatch(req, res)) res.status = 404;
  } catch (...) {
    const auto ep = std::current_exception();
    if (!exception_mapper_ || !exception_mapper_(req, res, ep)) {
      try {
        std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        log_.error(std::string("unhandled exception on ") + req.method + " " + req.path + ": " +
                   e.what());
      } catch (...) {
        log_.error("unhandled non-standard exception on " + req.method + " " + req.path);
      }
      res.body.clear();
      render_error(req, res, 500, "The server failed to process the request.");
    }
  }
  if (res.status == -1) res.status = 200;
  if (res.status >= 400 && res.body.empty()) {
    render_error(req, res, res.status, status_text(res.status));
  }
}

void HttpServer::refuse(httplib::Request& req, httplib::Response& res, int status,
                        const std::string& reason) {
  res.set_header(options_.request_id_header, ids_.uuid4());
  render_error(req, res, status, reason);
}

void HttpServer::record(const httplib::Request& req, const httplib::Response& res) {
  JournalEntry e;
  e.request_id = res.get_header_value(options_.request_id_header);
  if (options_.access_log && log_.enabled(util::Logger::Level::kInfo)) {
    log_.info(req.remote_addr + " \"" + req.method + " " + req.path + "\" " +
              std::to_string(res.status) + " " + std::to_string(res.body.size()) +
              " rid=" + e.request_id);
  }
  if (!journal_.enabled()) return;
  if (!journal_exclude_.empty() && req.path.rfind(journal_exclude_, 0) == 0) return;
  e.time = clock_.now();
  e.remote_addr = req.remote_addr;
  e.method = req.method;
  e.path = req.path;
  const auto q = req.target.find('?');
  if (q != std::string::npos) e.query = req.target.substr(q + 1);
  e.request_headers.reserve(req.headers.size());
  for (const auto& [name, value] : req.headers) {
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT") {
      continue;
    }
    e.request_headers.emplace_back(name, value);
  }
  e.request_body = req.body;
  e.status = res.status;
  e.response_headers.reserve(res.headers.size());
  for (const auto& [name, value] : res.headers) e.response_headers.emplace_back(name, value);
  e.response_body = res.body;
  journal_.record(std::move(e));
}

int HttpServer::bind() {
  if (loop_) {
    port_ = loop_->bind();
    return port_;
  }
  port_ = options_.port == 0
              ? server_->bind_to_any_port(options_.host)
              : (server_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port_ <= 0) {
    throw std::runtime_error("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port));
  }
  // httplib listens with a backlog of 5; Linux lets a second listen() raise it.
  const int fd = listen_fd_.load();
  if (fd >= 0) ::listen(fd, options_.listen_backlog);
  return port_;
}

void HttpServer::run() {
  if (loop_) {
    loop_->run();
  } else {
    server_->listen_after_bind();
  }
}

void HttpServer::stop() {
  if (loop_) {
    loop_->stop();
    return;
  }
  if (server_ && server_->is_running()) {
    server_->stop();
    end_idle_connections();
  }
}

// httplib keeps an idle keep-alive connection's thread waiting until keep_alive_timeout, so a
// stop would take that long. Shutting the read side of each accepted connection of this server
// wakes those threads at once; a request being answered still gets its response written.
void HttpServer::end_idle_connections() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return;
  while (const dirent* entry = ::readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == ::dirfd(dir)) continue;
    sockaddr_storage local{};
    socklen_t len = sizeof local;
    if (::getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&local), &len) != 0) {
      continue;
    }
    int local_port = -1;
    if (local.ss_family == AF_INET) {
      local_port = ntohs(reinterpret_cast<const sockaddr_in*>(&local)->sin_port);
    } else if (local.ss_family == AF_INET6) {
      local_port = ntohs(reinterpret_cast<const sockaddr_in6*>(&local)->sin6_port);
    }
    if (local_port != port_) continue;
    int accepting = 0;
    socklen_t opt_len = sizeof accepting;
    if (::getsockopt(static_cast<int>(fd), SOL_SOCKET, SO_ACCEPTCONN, &accepting, &opt_len) == 0 &&
        accepting == 0) {
      ::shutdown(static_cast<int>(fd), SHUT_RD);
    }
  }
  ::closedir(dir);
}

std::string HttpServer::listen_url() const {
  const bool v6 = options_.host.find(':') != std::string::npos;
  const std::string host = v6 ? "[" + options_.host + "]" : options_.host;
  return std::string(options_.tls ? "https://" : "http://") + host + ":" + std::to_string(port_);
}

std::string HttpServer::public_url() const {
  std::string url = options_.public_url.empty() ? listen_url() : options_.public_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string HttpServer::request_id(const httplib::Response& res) const {
  return res.get_header_value(options_.request_id_header);
}

bool HttpServer::harness_allowed(const httplib::Request& req) const {
  return options_.harness_remote || is_loopback(req.remote_addr);
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body,
               const char* content_type) {
  res.status = status;
  res.set_content(body.dump(), content_type);
}

bool nesting_exceeds(const std::string& text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

std::optional<nlohmann::json> parse_json_body(const std::string& body, std::string& error) {
  if (body.empty()) {
    error = "the request body is empty";
    return std::nullopt;
  }
  if (nesting_exceeds(body, kMaxJsonDepth)) {
    error = "the request body nests deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return std::nullopt;
  }
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    error = "the request body is not valid JSON (byte " + std::to_string(e.byte) + ")";
    return std::nullopt;
  }
}

bool is_loopback(const std::string& addr) {
  return addr.rfind("127.", 0) == 0 || addr == "::1" || addr.rfind("::ffff:127.", 0) == 0;
}

}  // namespace core::net
