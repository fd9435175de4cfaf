#include "scenarios/har.hpp"

#include <algorithm>
#include <map>
#include <regex>

#include "core/net/http1.hpp"
#include "core/net/journal.hpp"
#include "core/net/server.hpp"
#include "core/util/iso8601.hpp"
#include "scenarios/codec.hpp"

namespace scenarios {
namespace {

constexpr int kMaxDepth = 64;

nlohmann::json har_headers(const Headers& headers, bool mask) {
  auto out = nlohmann::json::array();
  for (const auto& [name, value] : headers) {
    const bool secret = mask && (iequals(name, "Authorization") || iequals(name, "Cookie"));
    out.push_back({{"name", name},
                   {"value", secret ? core::net::Journal::mask_authorization(value) : value}});
  }
  return out;
}

nlohmann::json query_string(const std::string& url) {
  auto out = nlohmann::json::array();
  const auto q = url.find('?');
  if (q == std::string::npos) return out;
  for (const auto& [n, v] : form_decode(url.substr(q + 1)))
    out.push_back({{"name", n}, {"value", v}});
  return out;
}

const nlohmann::json& member(const nlohmann::json& obj, const char* key, const std::string& where,
                             bool (nlohmann::json::*is)() const noexcept, const char* what) {
  const auto it = obj.find(key);
  if (it == obj.end()) throw HarError(where + "." + key + ": required");
  if (!((*it).*is)()) throw HarError(where + "." + key + ": must be " + what);
  return *it;
}

Headers read_headers(const nlohmann::json& obj, const std::string& where) {
  Headers out;
  const auto it = obj.find("headers");
  if (it == obj.end()) return out;
  if (!it->is_array()) throw HarError(where + ".headers: must be an array");
  std::size_t i = 0;
  for (const auto& h : *it) {
    const std::string at = where + ".headers[" + std::to_string(i++) + "]";
    if (!h.is_object()) throw HarError(at + ": must be an object with name and value");
    const auto& name = member(h, "name", at, &nlohmann::json::is_string, "a string");
    const auto& value = member(h, "value", at, &nlohmann::json::is_string, "a string");
    out.emplace_back(name.get<std::string>(), value.get<std::string>());
  }
  return out;
}

// Headers a replay sends again: what describes the body and what a client chose on purpose.
bool replayable_header(const std::string& name) {
  static const char* const kDropped[] = {"authorization",  "cookie",       "host",
                                         "content-length", "connection",   "accept-encoding",
                                         "user-agent",     "x-request-id", "x-amzn-requestid",
                                         "traceparent",    "keep-alive",   "transfer-encoding"};
  for (const char* d : kDropped) {
    if (iequals(name, d)) return false;
  }
  return true;
}

const std::regex& uuid_regex() {
  static const std::regex kUuid(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  return kUuid;
}

bool looks_like_timestamp(const std::string& s) {
  static const std::regex kTime("^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}");
  return s.size() < 64 && std::regex_search(s, kTime);
}

bool is_request_id_key(const std::string& key) {
  return iequals(key, "exceptionRequestId") || iequals(key, "requestId") ||
         iequals(key, "request_id") || iequals(key, "correlationId");
}

std::string escape_pointer_token(const std::string& key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

struct ReplayState {
  const ReplayOptions& options;
  std::vector<std::pair<std::string, std::string>> ids;  // recorded value -> variable
  int next_id = 1;
  std::string request_text;  // what the client sent in the current exchange
  nlohmann::json captures = nlohmann::json::object();
};

// Recorded text as a template: "${" stays literal ("$${").
std::string escape_template(const std::string& text) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const auto hit = text.find("${", pos);
    if (hit == std::string::npos) break;
    out += text.substr(pos, hit - pos) + "$${";
    pos = hit + 2;
  }
  return out + text.substr(pos);
}

// Replaces every recorded id in `text` with its variable (longest ids first).
std::string substitute_ids(std::string text, const ReplayState& state) {
  text = escape_template(text);
  auto ids = state.ids;
  std::sort(ids.begin(), ids.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (const auto& [value, var] : ids) {
    std::size_t pos = 0;
    while ((pos = text.find(value, pos)) != std::string::npos) {
      const std::string ref = "${" + var + "}";
      text.replace(pos, value.size(), ref);
      pos += ref.size();
    }
  }
  return text;
}

nlohmann::json lenient(const nlohmann::json& value, const std::string& key,
                       const std::string& pointer, ReplayState& state, int depth) {
  if (depth > kMaxDepth) return nlohmann::json{{"$exists", true}};
  if (value.is_object()) {
    auto out = nlohmann::json::object();
    for (auto it = value.begin(); it != value.end(); ++it) {
      out[it.key()] = lenient(it.value(), it.key(), pointer + "/" + escape_pointer_token(it.key()),
                              state, depth + 1);
    }
    return out;
  }
  if (value.is_array()) {
    auto out = nlohmann::json::array();
    std::size_t i = 0;
    for (const auto& v : value) {
      out.push_back(lenient(v, key, pointer + "/" + std::to_string(i++), state, depth + 1));
    }
    return out;
  }
  if (!value.is_string()) return value;
  const auto& s = value.get_ref<const std::string&>();
  const nlohmann::json any_string = {{"$type", "string"}};
  if (state.options.lenient_request_ids && is_request_id_key(key)) return any_string;
  if (state.options.lenient_timestamps && looks_like_timestamp(s)) return any_string;
  if (state.options.lenient_ids && !s.empty() && s.size() <= 200) {
    const bool from_client = state.request_text.find(s) != std::string::npos;
    const bool id_like = iequals(key, "id") || std::regex_search(s, uuid_regex());
    if (id_like && !from_client && !s.empty()) {
      bool known = false;
      for (const auto& [v, _] : state.ids) known = known || v == s;
      if (!known && (iequals(key, "id") || std::regex_match(s, uuid_regex()))) {
        const std::string var = "id" + std::to_string(state.next_id++);
        state.ids.emplace_back(s, var);
        state.captures[var] = pointer;
      }
      return any_string;
    }
    for (const auto& [v, _] : state.ids) {
      if (s.find(v) != std::string::npos) return any_string;
    }
  }
  return escape_template(s);
}

std::string common_prefix(const std::vector<std::string>& paths) {
  std::vector<std::string> prefix;
  bool first = true;
  for (const auto& p : paths) {
    std::vector<std::string> segs;
    std::size_t pos = 1;
    while (pos <= p.size()) {
      auto next = p.find('/', pos);
      if (next == std::string::npos) break;  // the last segment is never part of the prefix
      segs.push_back(p.substr(pos, next - pos));
      pos = next + 1;
    }
    if (first) {
      prefix = segs;
      first = false;
    } else {
      std::size_t n = 0;
      while (n < prefix.size() && n < segs.size() && prefix[n] == segs[n]) ++n;
      prefix.resize(n);
    }
  }
  std::string out;
  for (const auto& s : prefix) out += "/" + s;
  return out;
}

}  // namespace

nlohmann::json to_har(const std::vector<Exchange>& exchanges, const std::string& creator_version) {
  auto entries = nlohmann::json::array();
  for (const auto& ex : exchanges) {
    const auto req_type = find_header(ex.request.headers, "Content-Type");
    const auto res_type = find_header(ex.response.headers, "Content-Type").value_or("");
    nlohmann::json request = {
        {"method", ex.request.method},
        {"url", ex.request.url},
        {"httpVersion", "HTTP/1.1"},
        {"cookies", nlohmann::json::array()},
        {"headers", har_headers(ex.request.headers, true)},
        {"queryString", query_string(ex.request.url)},
        {"headersSize", -1},
        {"bodySize", static_cast<long long>(ex.request.body.size())},
    };
    if (!ex.request.body.empty() || req_type) {
      request["postData"] = {{"mimeType", req_type.value_or("")}, {"text", ex.request.body}};
    }
    nlohmann::json response = {
        {"status", ex.response.status},
        {"statusText", core::net::http1::reason_phrase(ex.response.status)},
        {"httpVersion", "HTTP/1.1"},
        {"cookies", nlohmann::json::array()},
        {"headers", har_headers(ex.response.headers, false)},
        {"content",
         {{"size", static_cast<long long>(ex.response.body.size())},
          {"mimeType", res_type},
          {"text", ex.response.body}}},
        {"redirectURL", find_header(ex.response.headers, "Location").value_or("")},
        {"headersSize", -1},
        {"bodySize", static_cast<long long>(ex.response.body.size())},
    };
    if (!ex.response.error.empty()) response["_error"] = ex.response.error;
    nlohmann::json entry = {
        {"startedDateTime", core::util::format_utc_millis(ex.started)},
        {"time", ex.duration.count()},
        {"request", std::move(request)},
        {"response", std::move(response)},
        {"cache", nlohmann::json::object()},
        {"timings", {{"send", 0}, {"wait", ex.duration.count()}, {"receive", 0}}},
    };
    if (!ex.step.empty()) entry["comment"] = ex.step;
    entries.push_back(std::move(entry));
  }
  return {{"log",
           {{"version", "1.2"},
            {"creator", {{"name", "scenario-runner"}, {"version", creator_version}}},
            {"pages", nlohmann::json::array()},
            {"entries", std::move(entries)}}}};
}

std::vector<Exchange> from_har(const nlohmann::json& har) {
  if (!har.is_object()) throw HarError("(root): a HAR document is a JSON object with \"log\"");
  const auto& log = member(har, "log", "(root)", &nlohmann::json::is_object, "an object");
  const auto& entries = member(log, "entries", "log", &nlohmann::json::is_array, "an array");
  if (entries.size() > kMaxHarEntries) {
    throw HarError("log.entries: more than " + std::to_string(kMaxHarEntries) + " entries");
  }
  std::vector<Exchange> out;
  std::size_t i = 0;
  for (const auto& e : entries) {
    const std::string at = "entries[" + std::to_string(i++) + "]";
    if (!e.is_object()) throw HarError(at + ": must be an object");
    Exchange ex;
    const auto& req = member(e, "request", at, &nlohmann::json::is_object, "an object");
    ex.request.method =
        member(req, "method", at + ".request", &nlohmann::json::is_string, "a string")
            .get<std::string>();
    ex.request.url = member(req, "url", at + ".request", &nlohmann::json::is_string, "a string")
                         .get<std::string>();
    if (!split_url(ex.request.url)) {
      throw HarError(at + ".request.url: not an absolute http(s) URL");
    }
    ex.request.headers = read_headers(req, at + ".request");
    if (const auto pd = req.find("postData"); pd != req.end() && !pd->is_null()) {
      if (!pd->is_object()) throw HarError(at + ".request.postData: must be an object");
      if (const auto t = pd->find("text"); t != pd->end()) {
        if (!t->is_string()) throw HarError(at + ".request.postData.text: must be a string");
        ex.request.body = t->get<std::string>();
      }
    }
    const auto& res = member(e, "response", at, &nlohmann::json::is_object, "an object");
    const auto& status =
        member(res, "status", at + ".response", &nlohmann::json::is_number_integer, "an integer");
    if (status.get<long long>() < 0 || status.get<long long>() > 999) {
      throw HarError(at + ".response.status: must be 0..999");
    }
    ex.response.status = status.get<int>();
    ex.response.headers = read_headers(res, at + ".response");
    if (const auto c = res.find("content"); c != res.end()) {
      if (!c->is_object()) throw HarError(at + ".response.content: must be an object");
      if (const auto t = c->find("text"); t != c->end() && !t->is_null()) {
        if (!t->is_string()) throw HarError(at + ".response.content.text: must be a string");
        ex.response.body = t->get<std::string>();
        const auto enc = c->find("encoding");
        if (enc != c->end() && enc->is_string() && enc->get<std::string>() == "base64") {
          const auto decoded = base64_decode(ex.response.body);
          if (!decoded) throw HarError(at + ".response.content.text: bad base64");
          ex.response.body = *decoded;
        }
      }
    }
    if (const auto t = e.find("startedDateTime"); t != e.end()) {
      const auto when =
          t->is_string() ? core::util::parse_datetime(t->get<std::string>()) : std::nullopt;
      if (!when) throw HarError(at + ".startedDateTime: must be an ISO-8601 instant");
      ex.started = *when;
    }
    if (const auto t = e.find("time");
        t != e.end() && t->is_number() && t->get<double>() >= 0 && t->get<double>() < 1e12) {
      ex.duration = core::util::Millis(static_cast<long long>(t->get<double>()));
    }
    if (const auto c = e.find("comment"); c != e.end() && c->is_string()) ex.step = *c;
    out.push_back(std::move(ex));
  }
  return out;
}

std::vector<Exchange> from_journal(const nlohmann::json& journal, const std::string& origin) {
  if (!journal.is_object()) throw HarError("(root): expected {\"requests\": [...]}");
  const auto& list = member(journal, "requests", "(root)", &nlohmann::json::is_array, "an array");
  std::vector<Exchange> out;
  std::size_t i = 0;
  const std::string base = origin.ends_with("/") ? origin.substr(0, origin.size() - 1) : origin;
  for (const auto& e : list) {
    const std::string at = "requests[" + std::to_string(i++) + "]";
    if (!e.is_object()) throw HarError(at + ": must be an object");
    const auto& req = member(e, "request", at, &nlohmann::json::is_object, "an object");
    const auto& res = member(e, "response", at, &nlohmann::json::is_object, "an object");
    Exchange ex;
    ex.request.method =
        member(req, "method", at + ".request", &nlohmann::json::is_string, "a string");
    const std::string path =
        member(req, "path", at + ".request", &nlohmann::json::is_string, "a string");
    std::string query;
    if (const auto q = req.find("query"); q != req.end() && q->is_string()) query = *q;
    ex.request.url = base + path + (query.empty() ? "" : "?" + query);
    ex.request.headers = read_headers(req, at + ".request");
    if (const auto b = req.find("body"); b != req.end() && b->is_string()) ex.request.body = *b;
    ex.response.status =
        member(res, "status", at + ".response", &nlohmann::json::is_number_integer, "an integer")
            .get<int>();
    ex.response.headers = read_headers(res, at + ".response");
    if (const auto b = res.find("body"); b != res.end() && b->is_string()) ex.response.body = *b;
    if (const auto t = e.find("time"); t != e.end() && t->is_string()) {
      if (const auto when = core::util::parse_datetime(t->get<std::string>())) ex.started = *when;
    }
    std::string comment = "journal";
    if (const auto s = e.find("seq"); s != e.end() && s->is_number()) comment += " #" + s->dump();
    if (const auto n = e.find("note"); n != e.end() && n->is_string()) {
      comment += ": " + n->get<std::string>();
    }
    ex.step = comment;
    out.push_back(std::move(ex));
  }
  return out;
}

nlohmann::json replay_scenario(const std::vector<Exchange>& exchanges,
                               const ReplayOptions& options) {
  // Targets by origin, in order of first appearance, and each origin's common path prefix.
  std::vector<std::string> origins;
  std::map<std::string, std::vector<std::string>> paths;
  for (const auto& ex : exchanges) {
    const auto parts = split_url(ex.request.url);
    if (!parts) continue;
    if (std::find(origins.begin(), origins.end(), parts->origin) == origins.end()) {
      origins.push_back(parts->origin);
    }
    paths[parts->origin].push_back(
        parts->path_and_query.substr(0, parts->path_and_query.find('?')));
  }
  std::map<std::string, std::pair<std::string, std::string>> target_of;  // origin -> name, prefix
  auto targets = nlohmann::json::array();
  std::string described;
  for (std::size_t i = 0; i < origins.size(); ++i) {
    const std::string name = i == 0 ? options.target : options.target + "-" + std::to_string(i + 1);
    const std::string prefix = options.keep_paths ? "" : common_prefix(paths[origins[i]]);
    target_of[origins[i]] = {name, prefix};
    targets.push_back(name);
    described += (described.empty() ? "" : "; ") + name + " was " + origins[i] + prefix;
  }
  ReplayState state{options, {}, 1, {}, nlohmann::json::object()};
  auto steps = nlohmann::json::array();
  for (const auto& ex : exchanges) {
    const auto parts = split_url(ex.request.url);
    if (!parts) continue;
    const auto& [name, prefix] = target_of[parts->origin];
    std::string path = parts->path_and_query.substr(prefix.size());
    if (path.empty() || path.front() == '?') path = "/" + path;
    nlohmann::json step = {{"kind", "http"},
                           {"target", name},
                           {"method", ex.request.method},
                           {"path", substitute_ids(path, state)}};
    if (!ex.step.empty()) step["name"] = "replay: " + ex.step;
    auto headers = nlohmann::json::object();
    for (const auto& [h, v] : ex.request.headers) {
      if (replayable_header(h)) headers[h] = substitute_ids(v, state);
    }
    if (!headers.empty()) step["headers"] = headers;
    if (!ex.request.body.empty()) {
      const std::string body = substitute_ids(ex.request.body, state);
      const bool json_body = !core::net::nesting_exceeds(body, kMaxDepth) &&
                             !nlohmann::json::parse(body, nullptr, false).is_discarded();
      if (json_body) {
        step["body"] = nlohmann::json::parse(body);
      } else {
        step["text"] = body;
      }
    }
    state.request_text = ex.request.url + "\n" + ex.request.body;
    state.captures = nlohmann::json::object();
    nlohmann::json expect = {{"status", ex.response.status}};
    if (options.check_bodies && !ex.response.body.empty() &&
        !core::net::nesting_exceeds(ex.response.body, kMaxDepth)) {
      const auto doc = nlohmann::json::parse(ex.response.body, nullptr, false);
      if (!doc.is_discarded()) {
        expect["body"] = doc.is_array() && doc.empty() ? nlohmann::json{{"$eq", doc}}
                                                       : lenient(doc, "", "", state, 0);
      }
    }
    step["expect"] = expect;
    if (!state.captures.empty()) step["capture"] = state.captures;
    steps.push_back(std::move(step));
  }
  return {{"title", options.title},
          {"description", "Replayed from a recording (" + std::to_string(exchanges.size()) +
                              " exchanges). Targets: " + described + "."},
          {"tags", {"replay"}},
          {"targets", targets},
          {"steps", steps}};
}

}  // namespace scenarios
