#include <algorithm>
#include <regex>
#include <stdexcept>

#include "core/net/server.hpp"
#include "scenarios/matcher.hpp"
#include "scenarios/steps/steps.hpp"

namespace scenarios::steps {
namespace {

constexpr std::size_t kShownBody = 300;

}  // namespace

HttpRequest build_request(const RequestSpec& spec, const Context& ctx) {
  const Scope scope = ctx.scope();
  HttpRequest req;
  req.method = spec.method;
  const Target* target = nullptr;
  if (!spec.target.empty()) {
    const auto it = ctx.targets.find(spec.target);
    if (it == ctx.targets.end() || !it->second) {
      throw std::runtime_error("no target \"" + spec.target + "\" in this run");
    }
    target = it->second;
    req.url = target->base_url() + substitute(spec.path, scope);
  } else {
    req.url = substitute(spec.url, scope);
  }
  if (!split_url(req.url)) throw std::runtime_error("not an absolute http(s) URL: " + req.url);
  if (spec.query.is_object() && !spec.query.empty()) {
    std::vector<std::pair<std::string, std::string>> fields;
    for (auto it = spec.query.begin(); it != spec.query.end(); ++it) {
      fields.emplace_back(substitute(it.key(), scope), substitute(it->get<std::string>(), scope));
    }
    req.url += (req.url.find('?') == std::string::npos ? "?" : "&") + form_encode(fields);
  }
  if (spec.headers.is_object()) {
    for (auto it = spec.headers.begin(); it != spec.headers.end(); ++it) {
      req.headers.emplace_back(it.key(), substitute(it->get<std::string>(), scope));
    }
  }
  if (spec.body) {
    req.body = substitute_json(*spec.body, scope).dump();
    if (!find_header(req.headers, "Content-Type")) {
      req.headers.emplace_back("Content-Type", "application/json");
    }
  } else if (spec.text) {
    req.body = substitute(*spec.text, scope);
  } else if (spec.form) {
    std::vector<std::pair<std::string, std::string>> fields;
    for (auto it = spec.form->begin(); it != spec.form->end(); ++it) {
      fields.emplace_back(substitute(it.key(), scope), substitute(it->get<std::string>(), scope));
    }
    req.body = form_encode(fields);
    if (!find_header(req.headers, "Content-Type")) {
      req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    }
  }
  if (spec.auth && target && target->token() && !target->token()->empty() &&
      !find_header(req.headers, "Authorization")) {
    req.headers.emplace_back("Authorization", "Bearer " + *target->token());
  }
  return req;
}

HttpResponse send_recorded(const HttpRequest& request, Context& ctx) {
  Exchange ex;
  ex.request = request;
  ex.step = ctx.step_label;
  ex.started = ctx.clock.now();
  ex.response = ctx.transport.send(request);
  ex.duration = std::chrono::duration_cast<core::util::Millis>(ctx.clock.now() - ex.started);
  ctx.exchanges.push_back(ex);
  return ex.response;
}

std::string describe(const HttpRequest& request, const HttpResponse& response) {
  std::string out = request.method + " " + request.url + " -> ";
  if (!response.error.empty()) return out + "no response: " + response.error;
  out += std::to_string(response.status);
  if (!response.body.empty()) {
    std::string body = response.body.substr(0, kShownBody);
    for (auto& ch : body) {
      if (ch == '\n' || ch == '\r') ch = ' ';
    }
    out += " " + body + (response.body.size() > kShownBody ? "..." : "");
  }
  return out;
}

std::optional<std::string> check_expect(const Expect& expect, const HttpResponse& response,
                                        const Scope& scope) {
  if (!response.error.empty()) return "no response: " + response.error;
  if (expect.status.empty()) {
    if (response.status < 200 || response.status > 299) {
      return "expect.status: expected a 2xx status, got " + std::to_string(response.status);
    }
  } else if (std::find(expect.status.begin(), expect.status.end(), response.status) ==
             expect.status.end()) {
    std::string want;
    for (const int s : expect.status) want += (want.empty() ? "" : " or ") + std::to_string(s);
    return "expect.status: expected " + want + ", got " + std::to_string(response.status);
  }
  for (const auto& [name, matcher] : expect.headers) {
    const auto value = find_header(response.headers, name);
    if (auto e = match_text(substitute_json(matcher, scope), value ? &*value : nullptr)) {
      return "expect.headers." + name + ": " + *e;
    }
  }
  if (expect.body) {
    if (core::net::nesting_exceeds(response.body, kMaxScenarioJsonDepth)) {
      return "expect.body: the response body nests too deeply to compare";
    }
    const auto actual = nlohmann::json::parse(response.body, nullptr, false);
    if (actual.is_discarded()) {
      return "expect.body: the response body is not JSON: " + response.body.substr(0, kShownBody);
    }
    if (auto e = match_json(substitute_json(*expect.body, scope), actual)) {
      return "expect.body: " + *e;
    }
  }
  if (expect.text) {
    if (auto e = match_text(substitute_json(*expect.text, scope), &response.body)) {
      return "expect.text: " + *e;
    }
  }
  return std::nullopt;
}

std::optional<std::string> apply_captures(const std::vector<Capture>& captures,
                                          const HttpResponse& response, const std::string& url,
                                          Variables& vars) {
  std::optional<nlohmann::json> body;
  for (const auto& cap : captures) {
    const std::string field = "capture." + cap.variable;
    switch (cap.source) {
      case Capture::Source::kBodyPointer: {
        if (!body) {
          body = core::net::nesting_exceeds(response.body, kMaxScenarioJsonDepth)
                     ? nlohmann::json(nlohmann::json::value_t::discarded)
                     : nlohmann::json::parse(response.body, nullptr, false);
        }
        if (body->is_discarded()) return field + ": the response body is not JSON";
        const nlohmann::json::json_pointer ptr(cap.pointer);
        if (!body->contains(ptr)) return field + ": nothing at " + cap.pointer + " in the body";
        vars.set(cap.variable, body->at(ptr));
        break;
      }
      case Capture::Source::kHeader: {
        const auto value = find_header(response.headers, cap.header);
        if (!value) return field + ": no " + cap.header + " header in the response";
        vars.set(cap.variable, *value);
        break;
      }
      case Capture::Source::kRegex: {
        std::string subject = response.body;
        if (!cap.header.empty()) {
          const auto value = find_header(response.headers, cap.header);
          if (!value) return field + ": no " + cap.header + " header in the response";
          subject = *value;
        }
        if (subject.size() > kMaxRegexSubject) return field + ": the text is too long for a regex";
        std::smatch m;
        if (!std::regex_search(subject, m, std::regex(cap.regex))) {
          return field + ": /" + cap.regex + "/ does not match";
        }
        vars.set(cap.variable, m[static_cast<std::size_t>(cap.group)].str());
        break;
      }
      case Capture::Source::kStatus:
        vars.set(cap.variable, response.status);
        break;
      case Capture::Source::kUrl:
        vars.set(cap.variable, url);
        break;
      case Capture::Source::kBody:
        vars.set(cap.variable, response.body);
        break;
    }
  }
  return std::nullopt;
}

}  // namespace scenarios::steps
