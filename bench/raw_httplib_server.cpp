// The HTTP layer's limit: a bare cpp-httplib server that answers a fixed JSON body to GET,
// tuned like core::net::HttpServer (TCP_NODELAY, thread pool, keep-alive, backlog). The
// benchmark measures the mocks against it on the same machine in the same run.
#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  const std::size_t threads = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 64;
  const bool tuned = !(argc > 2 && std::string(argv[2]) == "defaults");
  httplib::Server server;
  std::atomic<int> fd{-1};
  if (tuned) {
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(100000);
    server.set_socket_options([&fd](socket_t sock) {
      httplib::default_socket_options(sock);
      fd.store(sock);
    });
  }
  const std::string body =
      R"({"id":"9067729b3d-94f1e0b3-c394-48d5-8ab1-2c122a167074","userName":"jdoe@example.com",)"
      R"("displayName":"John Doe","active":true})";
  server.Get(R"(/.*)", [&body](const httplib::Request&, httplib::Response& res) {
    res.set_content(body, "application/json");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) return 1;
  if (fd.load() >= 0) ::listen(fd.load(), 1024);
  std::cout << "listening on http://127.0.0.1:" << port << std::endl;
  server.listen_after_bind();
  return 0;
}
