#include "core/net/harness.hpp"

#include <charconv>

#include "core/util/iso8601.hpp"

namespace core::net {
namespace {

nlohmann::json clock_json(const util::VirtualClock& clock) {
  return {{"now", util::format_utc_millis(clock.now())},
          {"offset", util::format_duration(clock.offset())},
          {"offsetMillis", clock.offset().count()}};
}

std::uint64_t query_u64(const httplib::Request& req, const char* name, std::uint64_t fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return fallback;
  return v;
}

}  // namespace

void send_harness_error(httplib::Response& res, int status, const std::string& code,
                        const std::string& message) {
  send_json(res, status, {{"error", {{"code", code}, {"message", message}}}});
}

bool harness_guard(const HttpServer& server, const httplib::Request& req, httplib::Response& res) {
  if (server.harness_allowed(req)) return true;
  send_harness_error(res, 403, "Forbidden",
                     "/_harness/ answers loopback clients only (start with --harness-remote to "
                     "allow others)");
  return false;
}

void install_harness(HttpServer& server, util::VirtualClock& clock, HarnessHooks hooks) {
  auto& http = server.routes();
  auto shared = std::make_shared<HarnessHooks>(std::move(hooks));
  HttpServer* srv = &server;

  http.Get("/_harness/health", [srv, shared](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(*srv, req, res)) return;
    send_json(res, 200, {{"status", "ok"}, {"service", shared->service}});
  });

  http.Get("/_harness/clock", [srv, &clock](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(*srv, req, res)) return;
    send_json(res, 200, clock_json(clock));
  });

  http.Post("/_harness/clock", [srv, &clock, shared](const httplib::Request& req,
                                                     httplib::Response& res) {
    if (!harness_guard(*srv, req, res)) return;
    std::string error;
    const auto body = parse_json_body(req.body, error);
    if (!body || !body->is_object()) {
      send_harness_error(res, 400, "InvalidRequest",
                         body ? "the body must be a JSON object" : error);
      return;
    }
    const auto advance = body->find("advance");
    const auto set = body->find("set");
    const auto reset = body->find("reset");
    const int given = (advance != body->end()) + (set != body->end()) + (reset != body->end());
    if (given != 1) {
      send_harness_error(res, 400, "InvalidRequest",
                         "give exactly one of \"advance\" (ISO-8601 duration), \"set\" "
                         "(ISO-8601 instant) or \"reset\": true");
      return;
    }
    if (advance != body->end()) {
      const auto d =
          advance->is_string() ? util::parse_duration(advance->get<std::string>()) : std::nullopt;
      if (!d || d->count() < 0) {
        send_harness_error(res, 400, "InvalidDuration",
                           "\"advance\" must be a non-negative ISO-8601 duration such "
                           "as \"PT40M\" or \"P365D\"");
        return;
      }
      clock.advance(*d);
    } else if (set != body->end()) {
      const auto t =
          set->is_string() ? util::parse_datetime(set->get<std::string>()) : std::nullopt;
      if (!t) {
        send_harness_error(res, 400, "InvalidInstant",
                           "\"set\" must be an ISO-8601 instant such as "
                           "\"2027-11-27T00:00:00Z\"");
        return;
      }
      clock.set(*t);
    } else {
      if (!reset->is_boolean() || !reset->get<bool>()) {
        send_harness_error(res, 400, "InvalidRequest", "\"reset\" must be true");
        return;
      }
      clock.reset();
    }
    if (shared->clock_changed) shared->clock_changed();
    send_json(res, 200, clock_json(clock));
  });

  http.Post("/_harness/reset",
            [srv, &clock, shared](const httplib::Request& req, httplib::Response& res) {
              if (!harness_guard(*srv, req, res)) return;
              clock.reset();
              if (shared->reset) shared->reset();
              srv->journal().clear();
              send_json(res, 200, {{"status", "reset"}});
            });

  http.Get("/_harness/requests", [srv](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(*srv, req, res)) return;
    const auto since = query_u64(req, "since", 0);
    const auto limit = query_u64(req, "limit", SIZE_MAX);
    auto list = nlohmann::json::array();
    std::uint64_t last = since;
    for (const auto& e : srv->journal().entries(since, static_cast<std::size_t>(limit))) {
      list.push_back(Journal::to_json(e));
      last = e.seq;
    }
    send_json(res, 200, {{"requests", std::move(list)}, {"lastSeq", last}});
  });

  http.Delete("/_harness/requests", [srv](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(*srv, req, res)) return;
    srv->journal().clear();
    res.status = 204;
  });

  http.Get("/_harness/faults", [srv, shared](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(*srv, req, res)) return;
    send_json(res, 200, shared->faults ? shared->faults() : nlohmann::json::object());
  });

  http.Put("/_harness/faults", [srv, shared](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(*srv, req, res)) return;
    std::string error;
    const auto body = parse_json_body(req.body, error);
    if (!body || !body->is_object()) {
      send_harness_error(res, 400, "InvalidRequest",
                         body ? "the body must be a JSON object" : error);
      return;
    }
    if (!shared->set_faults) {
      send_harness_error(res, 400, "NoFaults", "this server has no fault switches");
      return;
    }
    if (const auto rejected = shared->set_faults(*body)) {
      send_harness_error(res, 400, "InvalidFault", *rejected);
      return;
    }
    send_json(res, 200, shared->faults ? shared->faults() : nlohmann::json::object());
  });
}

}  // namespace core::net
