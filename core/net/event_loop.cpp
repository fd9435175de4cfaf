#include "core/net/event_loop.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <thread>
#include <vector>

namespace core::net {
namespace {

constexpr std::int64_t kBusy = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kSweepEveryMs = 500;
constexpr std::size_t kReadChunk = 16 * 1024;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void describe(const sockaddr_storage& addr, std::string& host, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    port = ntohs(in6->sin6_port);
  }
  host = text;
}

}  // namespace

struct EventLoop::Connection {
  Connection(int socket, const http1::Limits& limits) : fd(socket), reader(limits) {}
  const int fd;
  std::string in;   // received, not yet consumed
  std::string out;  // to send
  std::size_t out_sent = 0;
  http1::RequestReader reader;
  httplib::Request req;        // the request being read
  bool sent_continue = false;  // "100 Continue" sent for the current request
  bool closing = false;        // close once `out` is sent
  std::string remote_addr;
  int remote_port = -1;
  std::string local_addr;
  int local_port = -1;
  std::atomic<std::int64_t> deadline_ms{kBusy};  // read by the sweeper
  std::mutex turn;  // held by the worker serving it, until it is re-armed
};

EventLoop::EventLoop(EventLoopOptions options, Serve serve, Refuse refuse, Done done)
    : options_(std::move(options)),
      serve_(std::move(serve)),
      refuse_(std::move(refuse)),
      done_(std::move(done)) {
  if (options_.workers == 0) {
    options_.workers = std::max(2u, std::thread::hardware_concurrency());
  }
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_fd_ < 0 || wake_fd_ < 0) throw std::runtime_error("cannot create the event loop");
  epoll_event ev{};
  ev.events = EPOLLIN;  // level-triggered and never read: wakes every worker once stopping
  ev.data.ptr = &wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
}

EventLoop::~EventLoop() {
  stop();
  for (Connection* c : connections_) {
    ::close(c->fd);
    delete c;
  }
  if (listen_fd_ >= 0) ::close(listen_fd_);
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

int EventLoop::bind() {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(options_.port);
  const std::string where = options_.host + ":" + port;
  if (::getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &found) != 0) {
    throw std::runtime_error("cannot listen on " + where + ": unknown host");
  }
  std::string error = "no address";
  for (const addrinfo* ai = found; ai != nullptr && listen_fd_ < 0; ai = ai->ai_next) {
    const int fd =
        ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
        ::listen(fd, options_.listen_backlog) == 0) {
      listen_fd_ = fd;
    } else {
      error = std::strerror(errno);
      ::close(fd);
    }
  }
  ::freeaddrinfo(found);
  if (listen_fd_ < 0) throw std::runtime_error("cannot listen on " + where + ": " + error);
  sockaddr_storage local{};
  socklen_t len = sizeof local;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&local), &len);
  std::string host;
  int bound = 0;
  describe(local, host, bound);
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLONESHOT;
  ev.data.ptr = &listen_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
  return bound;
}

void EventLoop::run() {
  if (listen_fd_ < 0) throw std::runtime_error("run() before bind()");
  std::vector<std::thread> threads;
  threads.reserve(options_.workers - 1);
  for (std::size_t i = 1; i < options_.workers; ++i) threads.emplace_back([this] { work(); });
  running_.store(true);
  work();
  for (auto& t : threads) t.join();
  running_.store(false);
}

void EventLoop::stop() {
  if (stopping_.exchange(true)) return;
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
}

void EventLoop::work() {
  std::array<epoll_event, 1> events{};
  while (!stopping_.load()) {
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                               static_cast<int>(kSweepEveryMs));
    for (int i = 0; i < n && !stopping_.load(); ++i) {
      void* tag = events[static_cast<std::size_t>(i)].data.ptr;
      if (tag == &wake_fd_) break;
      if (tag == &listen_fd_) {
        accept_ready();
      } else {
        serve(static_cast<Connection*>(tag));
      }
    }
    sweep_if_due();
  }
}

void EventLoop::accept_ready() {
  for (;;) {
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &len,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      break;  // EAGAIN: all taken; EMFILE and the like: try again on the next event
    }
    const int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    auto* c = new Connection(fd, options_.limits);
    describe(peer, c->remote_addr, c->remote_port);
    sockaddr_storage local{};
    len = sizeof local;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0) {
      describe(local, c->local_addr, c->local_port);
    }
    c->deadline_ms.store(now_ms() + options_.read_timeout.count());
    {
      const std::lock_guard lock(connections_mutex_);
      connections_.insert(c);
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    ev.data.ptr = c;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  }
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLONESHOT;
  ev.data.ptr = &listen_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &ev);
}

void EventLoop::serve(Connection* c) {
  // Each connection is armed for one worker at a time, and the kernel hands it over through
  // epoll; the turn mutex, held until it is re-armed, says the same in the C++ memory model
  // (and so to ThreadSanitizer, which does not see the hand-off of EPOLL_CTL_MOD).
  std::unique_lock turn(c->turn);
  c->deadline_ms.store(kBusy);
  const Next next = step(*c);
  if (next == Next::kClose) {
    turn.unlock();
    close(c);
    return;
  }
  const bool reading = next == Next::kRead;
  const auto timeout = !reading        ? options_.write_timeout
                       : c->in.empty() ? options_.keep_alive_timeout
                                       : options_.read_timeout;
  c->deadline_ms.store(now_ms() + timeout.count());
  epoll_event ev{};
  ev.events = (reading ? EPOLLIN | EPOLLRDHUP : EPOLLOUT) | EPOLLONESHOT;
  ev.data.ptr = c;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c->fd, &ev);
}

EventLoop::Next EventLoop::step(Connection& c) {
  // A peer that does not read its responses gets nothing more read from it.
  if (const auto sent = flush(c); sent != Next::kRead) return sent;

  bool peer_closed = false;
  const std::size_t cap =
      options_.limits.max_head_bytes + options_.limits.max_body_bytes + kReadChunk;
  std::array<char, kReadChunk> buf;
  while (c.in.size() < cap) {
    const ssize_t n = ::recv(c.fd, buf.data(), buf.size(), 0);
    if (n > 0) {
      c.in.append(buf.data(), static_cast<std::size_t>(n));
      if (static_cast<std::size_t>(n) < buf.size()) break;
    } else if (n == 0) {
      peer_closed = true;
      break;
    } else if (errno == EINTR) {
      continue;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      break;
    } else {
      return Next::kClose;
    }
  }

  std::size_t offset = 0;
  while (!c.closing) {
    const auto r = c.reader.next(std::string_view(c.in).substr(offset), c.req);
    if (r.state == http1::RequestReader::State::kNeedMore) {
      if (c.reader.expects_continue() && !c.sent_continue) {
        c.out += "HTTP/1.1 100 Continue\r\n\r\n";
        c.sent_continue = true;
      }
      break;
    }
    httplib::Request& req = c.req;
    req.remote_addr = c.remote_addr;
    req.remote_port = c.remote_port;
    req.local_addr = c.local_addr;
    req.local_port = c.local_port;
    httplib::Response res;
    try {
      if (r.state == http1::RequestReader::State::kBad) {
        refuse_(req, res, r.status, r.reason);
        c.closing = true;
      } else {
        offset += r.consumed;
        serve_(req, res);
        if (!c.reader.keep_alive() || stopping_.load()) c.closing = true;
      }
      http1::set_framing_headers(res, c.closing);
      http1::write_response(res, req.method == "HEAD", c.out);
      if (done_) done_(req, res);
    } catch (const std::exception&) {
      // serve_ answers a route's exceptions itself; what escapes (out of memory while
      // rendering) ends this connection, not the worker.
      return Next::kClose;
    }
    req = httplib::Request();
    c.sent_continue = false;
  }
  c.in.erase(0, offset);
  // The peer sent all it will: answer what was complete, then close.
  if (peer_closed) c.closing = true;
  const Next sent = flush(c);
  return sent == Next::kRead && c.closing ? Next::kClose : sent;
}

// Sends what is queued: kRead once all is sent, kWrite if the peer must drain it first.
EventLoop::Next EventLoop::flush(Connection& c) {
  while (c.out_sent < c.out.size()) {
    const ssize_t n =
        ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
    if (n > 0) {
      c.out_sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return Next::kWrite;
    } else {
      return Next::kClose;
    }
  }
  c.out.clear();
  c.out_sent = 0;
  return Next::kRead;
}

void EventLoop::close(Connection* c) {
  {
    const std::lock_guard lock(connections_mutex_);
    connections_.erase(c);
    ::close(c->fd);  // under the lock: the sweeper never shuts down a reused descriptor
  }
  delete c;
}

// Connections past their deadline are shut down; the worker that gets the resulting event
// closes them. One worker sweeps at a time, twice a second at most.
void EventLoop::sweep_if_due() {
  const std::int64_t now = now_ms();
  std::int64_t due = next_sweep_ms_.load();
  if (now < due || !next_sweep_ms_.compare_exchange_strong(due, now + kSweepEveryMs)) return;
  const std::lock_guard lock(connections_mutex_);
  for (const Connection* c : connections_) {
    if (c->deadline_ms.load() < now) ::shutdown(c->fd, SHUT_RDWR);
  }
}

}  // namespace core::net
