#include "core/util/iso8601.hpp"
#include "scenarios/steps/steps.hpp"

namespace scenarios::steps {

// Polls in virtual time: the request is sent, and while the expectation fails and less than
// `timeout` has passed, every target's clock moves by `every` (so a 40-minute provisioning
// cycle costs one request, not 40 minutes).
std::optional<std::string> run_wait_until(const WaitUntilStep& step, Context& ctx) {
  core::util::Millis waited{0};
  int attempts = 0;
  while (true) {
    ++attempts;
    const HttpRequest req = build_request(step.request, ctx);
    const HttpResponse res = send_recorded(req, ctx);
    const auto mismatch = check_expect(step.expect, res, ctx.scope());
    if (!mismatch) {
      if (auto e = apply_captures(step.captures, res, req.url, ctx.vars)) {
        return *e + "\n" + describe(req, res);
      }
      return std::nullopt;
    }
    if (waited + step.every > step.timeout) {
      return "still not matching after " + core::util::format_duration(waited) +
             " of virtual time (" + std::to_string(attempts) + " attempts): " + *mismatch + "\n" +
             describe(req, res);
    }
    if (auto e = advance_all({}, step.every, ctx)) return e;
    waited += step.every;
  }
}

}  // namespace scenarios::steps
