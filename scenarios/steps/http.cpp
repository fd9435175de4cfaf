#include "scenarios/steps/steps.hpp"

namespace scenarios::steps {

std::optional<std::string> run_http(const HttpStep& step, Context& ctx) {
  const HttpRequest req = build_request(step.request, ctx);
  const HttpResponse res = send_recorded(req, ctx);
  if (auto e = check_expect(step.expect, res, ctx.scope())) return *e + "\n" + describe(req, res);
  if (auto e = apply_captures(step.captures, res, req.url, ctx.vars)) {
    return *e + "\n" + describe(req, res);
  }
  return std::nullopt;
}

}  // namespace scenarios::steps
