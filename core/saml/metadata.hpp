#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/keys.hpp"
#include "core/saml/verdict.hpp"
#include "core/util/id_generator.hpp"

namespace core::saml {

// AWS IAM Identity Center refuses IdP metadata files above 75,000 characters
// (facts/aws-identity-center.md §4). Counted in Unicode code points, BOM excluded.
inline constexpr std::size_t kMaxMetadataChars = 75'000;

struct Endpoint {
  std::string binding;   // names::kBindingRedirect / kBindingPost
  std::string location;  // absolute URL
};

// ---- IdP (Azure AD federation metadata, facts/azure-ad.md §1.2) ----

struct IdpMetadataSpec {
  std::string entity_id;  // "https://sts.windows.net/<tenant>/"
  std::string tenant_id;  // informational; the document uses entity_id and the URLs below
  std::string sso_url;    // "<public-url>/<tenant>/saml2": SSO (Redirect and POST) and SLO
  std::string wsfed_url;  // "<public-url>/<tenant>/wsfed" (RoleDescriptor endpoints)
  // Published in every KeyDescriptor use="signing", in this order (active first). During a
  // rollover Azure lists several. Must not be empty.
  std::vector<crypto::Certificate> signing_certificates;
  std::string document_id;  // EntityDescriptor@ID, "_" + uuid; generated when empty
  bool utf8_bom = true;     // Azure serves the ?appid= document with a UTF-8 BOM
};

// Builds the EntityDescriptor in Azure's layout (Signature, two WS-Fed RoleDescriptors,
// IDPSSODescriptor with KeyDescriptor, SingleLogoutService Redirect, SingleSignOnService Redirect
// and POST; no NameIDFormat, no validUntil) signed enveloped with `signer` (exc-c14n, rsa-sha256
// by default, KeyInfo with the "ds:" prefix). Contract: an xmlsig::Library is alive. Throws
// std::runtime_error (xmlsig::SignError) if signing fails.
std::string build_idp_metadata(const IdpMetadataSpec& spec, const crypto::SigningCredential& signer,
                               util::IdGenerator& ids,
                               crypto::HashAlgorithm algorithm = crypto::HashAlgorithm::kSha256);

// What a service provider reads from IdP metadata.
struct IdpMetadata {
  std::string entity_id;
  std::vector<Endpoint> single_sign_on;  // in document order
  std::vector<Endpoint> single_logout;   // in document order
  // Every KeyDescriptor of the IDPSSODescriptor whose use is "signing" or absent, in document
  // order, duplicates removed. At least one.
  std::vector<crypto::Certificate> signing_certificates;
  bool signed_document = false;  // the EntityDescriptor carries a Signature (not verified here)

  // First endpoint with that binding, or nullopt.
  std::optional<std::string> sso_location(std::string_view binding) const;
  std::optional<std::string> slo_location(std::string_view binding) const;
};

// Parses IdP metadata uploaded by an administrator (the root is an EntityDescriptor, or an
// EntitiesDescriptor holding exactly one EntityDescriptor with an IDPSSODescriptor). Rejects:
// more than kMaxMetadataChars (kOversized), DOCTYPE (kDoctype), not well-formed (kMalformed),
// a root that is not metadata (kWrongMessage), no entityID / IDPSSODescriptor /
// SingleSignOnService / signing certificate, or an unreadable certificate (kMalformed), an
// encryption KeyDescriptor (kUnsupported: AWS refuses encryption keys). A leading UTF-8 BOM is
// accepted. Never throws.
Result<IdpMetadata> parse_idp_metadata(std::string_view xml);

// ---- SP (AWS IAM Identity Center, facts/aws-identity-center.md §4) ----

struct AcsEndpoint {
  std::string location;
  std::string binding{"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"};
  int index = 0;
  bool is_default = false;
};

struct SpMetadataSpec {
  std::string entity_id;  // "https://<region>.signin.aws.amazon.com/platform/saml/d-xxxxxxxxxx"
  std::vector<AcsEndpoint> assertion_consumer_services;  // at least one
  std::optional<std::string> single_logout_url;          // HTTP-Redirect, optional
  std::string name_id_format{"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"};
  bool authn_requests_signed = false;
  bool want_assertions_signed = true;
  std::optional<std::string> valid_until;  // xs:dateTime as given, omitted when empty
};

// An unsigned EntityDescriptor with one SPSSODescriptor (md: prefix). Never throws.
std::string build_sp_metadata(const SpMetadataSpec& spec);

struct SpMetadata {
  std::string entity_id;
  std::vector<AcsEndpoint> assertion_consumer_services;  // in document order
  std::vector<Endpoint> single_logout;
  std::vector<std::string> name_id_formats;
  bool authn_requests_signed = false;
  bool want_assertions_signed = false;

  // The ACS with isDefault="true", else the lowest index, else the first (saml-metadata §2.2.3).
  const AcsEndpoint& default_acs() const;
};

// Parses SP metadata (what Azure's "Upload metadata file" reads: the entityID and the ACS
// locations). Same size limit and rejections as parse_idp_metadata; additionally kMalformed if
// there is no SPSSODescriptor or no AssertionConsumerService with a Location. Never throws.
Result<SpMetadata> parse_sp_metadata(std::string_view xml);

}  // namespace core::saml
