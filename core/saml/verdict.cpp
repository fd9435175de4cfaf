#include "core/saml/verdict.hpp"

namespace core::saml {

std::string_view to_string(Reason reason) {
  switch (reason) {
    case Reason::kOk:
      return "ok";
    case Reason::kOversized:
      return "oversized";
    case Reason::kDoctype:
      return "doctype";
    case Reason::kMalformed:
      return "malformed";
    case Reason::kWrongMessage:
      return "wrong_message";
    case Reason::kUnsupported:
      return "unsupported";
    case Reason::kNoSignature:
      return "no_signature";
    case Reason::kBadSignature:
      return "bad_signature";
    case Reason::kUntrustedKey:
      return "untrusted_key";
    case Reason::kWrapped:
      return "wrapped";
    case Reason::kDisallowedAlgorithm:
      return "disallowed_algorithm";
    case Reason::kStatusNotSuccess:
      return "status_not_success";
    case Reason::kWrongIssuer:
      return "wrong_issuer";
    case Reason::kWrongDestination:
      return "wrong_destination";
    case Reason::kWrongRecipient:
      return "wrong_recipient";
    case Reason::kWrongAudience:
      return "wrong_audience";
    case Reason::kExpired:
      return "expired";
    case Reason::kNotYetValid:
      return "not_yet_valid";
    case Reason::kInResponseToMismatch:
      return "in_response_to_mismatch";
    case Reason::kUnsolicited:
      return "unsolicited";
    case Reason::kAssertionCount:
      return "assertion_count";
    case Reason::kEncryptedAssertion:
      return "encrypted_assertion";
    case Reason::kNameIdFormat:
      return "name_id_format";
    case Reason::kReplay:
      return "replay";
  }
  return "unknown";
}

}  // namespace core::saml
