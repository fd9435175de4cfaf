#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_set>

#include "core/net/http1.hpp"

namespace core::net {

struct EventLoopOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  int listen_backlog = 1024;
  std::size_t workers = 0;  // threads; 0 = one per CPU, at least 2
  http1::Limits limits;
  std::chrono::milliseconds read_timeout{10'000};       // a request arriving too slowly
  std::chrono::milliseconds write_timeout{10'000};      // a peer not reading its response
  std::chrono::milliseconds keep_alive_timeout{5'000};  // idle between requests
};

// Plain-HTTP/1.1 transport: a few worker threads share one epoll set and serve every
// connection, each ready connection taken by one worker at a time (EPOLLONESHOT). Handlers run
// on the workers, so they must not block for long: a server whose routes wait on other servers
// uses cpp-httplib's thread per connection instead. Timeouts are wall-clock network timeouts
// (steady clock), not emulated time.
class EventLoop {
 public:
  // Answers a request read in full.
  using Serve = std::function<void(httplib::Request& req, httplib::Response& res)>;
  // Answers a request that could not be read: `status` and a one-line `reason`. `req` holds
  // whatever of the head was read.
  using Refuse = std::function<void(httplib::Request& req, httplib::Response& res, int status,
                                    const std::string& reason)>;
  // Sees each request and its response once the response is queued (journal, access log).
  using Done = std::function<void(const httplib::Request& req, const httplib::Response& res)>;

  EventLoop(EventLoopOptions options, Serve serve, Refuse refuse, Done done);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Creates the listening socket; returns its port. Throws std::runtime_error on failure.
  int bind();
  // Serves on options.workers threads (this one included) until stop().
  void run();
  // Makes run() return; safe from any thread, before or during run().
  void stop();
  bool running() const { return running_.load(); }

 private:
  struct Connection;
  enum class Next { kRead, kWrite, kClose };  // what a connection waits for after a step
  void work();
  void accept_ready();
  void serve(Connection* c);
  Next step(Connection& c);
  Next flush(Connection& c);
  void close(Connection* c);
  void sweep_if_due();

  EventLoopOptions options_;
  Serve serve_;
  Refuse refuse_;
  Done done_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> running_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<std::int64_t> next_sweep_ms_{0};
  std::mutex connections_mutex_;  // guards the set, and fds against close while swept
  std::unordered_set<Connection*> connections_;
};

}  // namespace core::net
