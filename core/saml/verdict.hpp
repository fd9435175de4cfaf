#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace core::saml {

// Why a SAML message was refused. One reason per rule, so that tests and scenarios assert on
// the reason, not on message text.
enum class Reason {
  kOk,
  // Input shape.
  kOversized,     // larger than the configured limit (before or after decoding)
  kDoctype,       // DOCTYPE / DTD / entity declarations present
  kMalformed,     // not well-formed, bad base64/deflate, missing required element/attribute,
                  // comment or markup inside a value
  kWrongMessage,  // well-formed but not the expected message (root name or namespace)
  kUnsupported,   // a feature this profile refuses (e.g. Subject in an AuthnRequest)
  // Signature (xmlsig profile).
  kNoSignature,          // neither the Response nor the Assertion is signed
  kBadSignature,         // digest or signature value wrong: altered after signing
  kUntrustedKey,         // signed by a key that is not among the trusted certificates
  kWrapped,              // signature wrapping: reference/ID/position does not match the element
  kDisallowedAlgorithm,  // e.g. SHA-1 when not allowed
  // Response content (SAML profiles §4.1.4.2, §4.1.4.3).
  kStatusNotSuccess,
  kWrongIssuer,
  kWrongDestination,  // Response@Destination is not the ACS URL
  kWrongRecipient,    // SubjectConfirmationData@Recipient is not the ACS URL
  kWrongAudience,
  kExpired,               // now >= NotOnOrAfter (+ skew)
  kNotYetValid,           // now < NotBefore (- skew)
  kInResponseToMismatch,  // InResponseTo names no outstanding request, or the two disagree
  kUnsolicited,           // no InResponseTo while unsolicited responses are not allowed
  kAssertionCount,        // not exactly one Assertion
  kEncryptedAssertion,
  kNameIdFormat,  // NameID format is not emailAddress
  kReplay,        // assertion ID already consumed
};

std::string_view to_string(Reason reason);  // "ok", "oversized", "doctype", ...

struct Verdict {
  Reason reason = Reason::kOk;
  std::string detail;  // for logs and journals; may quote the offending value

  bool ok() const { return reason == Reason::kOk; }
  static Verdict pass() { return {}; }
  static Verdict fail(Reason r, std::string d) { return Verdict{r, std::move(d)}; }
};

// The outcome of a parser: a value or the Verdict that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}              // NOLINT(google-explicit-constructor)
  Result(Verdict verdict) : verdict_(std::move(verdict)) {}  // NOLINT(google-explicit-constructor)
  static Result fail(Reason r, std::string detail) {
    return Result(Verdict::fail(r, std::move(detail)));
  }

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Verdict& verdict() const { return verdict_; }
  // Throws std::logic_error when !ok().
  const T& value() const& {
    if (!value_) throw std::logic_error("saml::Result: no value (" + verdict_.detail + ")");
    return *value_;
  }
  T&& value() && {
    if (!value_) throw std::logic_error("saml::Result: no value (" + verdict_.detail + ")");
    return std::move(*value_);
  }
  const T* operator->() const { return &value(); }
  const T& operator*() const { return value(); }

 private:
  std::optional<T> value_;
  Verdict verdict_;
};

}  // namespace core::saml
