// libFuzzer target: Azure's mapping-expression parser and evaluator must reject any input with
// ExpressionError and never crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mock-idp/provisioning/expression.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    auto e = mock_idp::provisioning::Expression::parse(text);
    (void)e.evaluate(
        [](std::string_view name) -> mock_idp::provisioning::Value { return std::string(name); });
    (void)e.to_string();
  } catch (const mock_idp::provisioning::ExpressionError&) {
  }
  return 0;
}
