#include "core/net/process.hpp"

#include <pthread.h>

#include <charconv>
#include <ctime>
#include <thread>

namespace core::net {
namespace {

bool parse_size(const std::string& text, std::size_t& out) {
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

std::string common_flags_usage() {
  return "  --listen HOST:PORT     address to listen on (default 127.0.0.1:0 = any free port)\n"
         "  --public-url URL       base URL put into metadata, redirects and endpoint URLs\n"
         "  --config FILE          JSON configuration (fixture) loaded at start\n"
         "  --tls                  serve https with a generated self-signed certificate\n"
         "  --tls-cert FILE --tls-key FILE   serve https with this PEM pair\n"
         "  --transport KIND       events (epoll workers, plain http) | threads (a thread per\n"
         "                         connection; TLS always uses it) (default: the server's choice)\n"
         "  --threads N            threads transport: connections served at once (default 64)\n"
         "  --workers N            events transport: worker threads (default: one per CPU, >= 2)\n"
         "  --max-body BYTES       larger request bodies are answered 413 (default 1048576)\n"
         "  --journal N            requests kept by /_harness/requests (default 2000, 0 = off)\n"
         "  --seed N               reproducible ids and tokens\n"
         "  --log-level LEVEL      debug | info | warn | error | off (default info)\n"
         "  --no-access-log        no line per request on stderr\n"
         "  --harness-remote       allow /_harness/ from non-loopback clients\n";
}

std::optional<std::string> parse_common_flags(int argc, const char* const* argv, CommonFlags& out,
                                              std::vector<std::string>& rest) {
  auto read_file = [](const std::string& path, std::string& content) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) content.append(buf, n);
    std::fclose(f);
    return true;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string& v) -> bool {
      const auto eq = arg.find('=');
      if (eq != std::string::npos) {
        v = arg.substr(eq + 1);
        return true;
      }
      if (i + 1 >= argc) return false;
      v = argv[++i];
      return true;
    };
    const std::string name = arg.substr(0, arg.find('='));
    std::string v;
    if (name == "--listen") {
      if (!value(v)) return "--listen needs HOST:PORT";
      const auto colon = v.rfind(':');
      std::size_t port = 0;
      if (colon == std::string::npos || !parse_size(v.substr(colon + 1), port) || port > 65535) {
        return "--listen needs HOST:PORT, got \"" + v + "\"";
      }
      std::string host = v.substr(0, colon);
      if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
      }
      out.server.host = host.empty() ? "0.0.0.0" : host;
      out.server.port = static_cast<int>(port);
    } else if (name == "--public-url") {
      if (!value(v) || (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0)) {
        return "--public-url needs an http:// or https:// URL";
      }
      out.server.public_url = v;
    } else if (name == "--config") {
      if (!value(v)) return "--config needs a file";
      out.config_path = v;
    } else if (name == "--tls") {
      out.server.tls = true;
    } else if (name == "--tls-cert" || name == "--tls-key") {
      if (!value(v)) return name + " needs a PEM file";
      std::string pem;
      if (!read_file(v, pem)) return "cannot read " + v;
      (name == "--tls-cert" ? out.server.tls_cert_pem : out.server.tls_key_pem) = pem;
      out.server.tls = true;
    } else if (name == "--threads") {
      std::size_t n = 0;
      if (!value(v) || !parse_size(v, n) || n == 0 || n > 4096) return "--threads needs 1..4096";
      out.server.threads = n;
    } else if (name == "--transport") {
      if (!value(v) || (v != "events" && v != "threads")) return "--transport needs events|threads";
      out.server.transport =
          v == "events" ? Transport::kEventLoop : Transport::kThreadPerConnection;
    } else if (name == "--workers") {
      std::size_t n = 0;
      if (!value(v) || !parse_size(v, n) || n == 0 || n > 256) return "--workers needs 1..256";
      out.server.event_workers = n;
    } else if (name == "--max-body") {
      std::size_t n = 0;
      if (!value(v) || !parse_size(v, n) || n < 1024) return "--max-body needs at least 1024";
      out.server.max_body_bytes = n;
    } else if (name == "--journal") {
      std::size_t n = 0;
      if (!value(v) || !parse_size(v, n)) return "--journal needs a count";
      out.server.journal_capacity = n;
    } else if (name == "--seed") {
      std::size_t n = 0;
      if (!value(v) || !parse_size(v, n)) return "--seed needs a number";
      out.seed = n;
    } else if (name == "--log-level") {
      if (!value(v)) return "--log-level needs a level";
      out.log_level = v;
    } else if (name == "--no-access-log") {
      out.server.access_log = false;
    } else if (name == "--harness-remote") {
      out.server.harness_remote = true;
    } else {
      rest.push_back(arg);
    }
  }
  if (out.server.tls_cert_pem.empty() != out.server.tls_key_pem.empty()) {
    return "--tls-cert and --tls-key go together";
  }
  if (out.server.tls && out.server.transport == Transport::kEventLoop) {
    return "--transport events serves plain http only; TLS uses --transport threads";
  }
  return std::nullopt;
}

ShutdownSignals::ShutdownSignals() {
  std::signal(SIGPIPE, SIG_IGN);
  sigemptyset(&set_);
  sigaddset(&set_, SIGTERM);
  sigaddset(&set_, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set_, nullptr);
}

int ShutdownSignals::wait() {
  const timespec tick{0, 100'000'000};
  while (!stopped_.load()) {
    const int sig = sigtimedwait(&set_, nullptr, &tick);
    if (sig > 0) return sig;
  }
  return 0;
}

int serve_until_signalled(HttpServer& server, ShutdownSignals& signals, std::ostream& ready) {
  server.bind();
  std::thread waiter([&] {
    const int sig = signals.wait();
    if (sig == 0) return;  // run() ended by itself
    server.log().info("signal " + std::to_string(sig) + ": shutting down");
    // A signal may come before run() has started accepting; stop() is a no-op until then.
    while (!server.running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    server.stop();
  });
  ready << "listening on " << server.listen_url() << std::endl;
  server.run();
  signals.stop();
  waiter.join();
  return 0;
}

}  // namespace core::net
