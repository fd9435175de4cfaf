#pragma once

#include <string_view>

// URIs of SAML 2.0 (OASIS saml-core, saml-bindings, saml-metadata 2005), XML-DSig and the claim
// types Azure AD emits (facts/azure-ad.md §3.2).
namespace core::saml::names {

// Namespaces.
inline constexpr std::string_view kProtocolNs = "urn:oasis:names:tc:SAML:2.0:protocol";
inline constexpr std::string_view kAssertionNs = "urn:oasis:names:tc:SAML:2.0:assertion";
inline constexpr std::string_view kMetadataNs = "urn:oasis:names:tc:SAML:2.0:metadata";
inline constexpr std::string_view kDsigNs = "http://www.w3.org/2000/09/xmldsig#";
inline constexpr std::string_view kXsiNs = "http://www.w3.org/2001/XMLSchema-instance";
inline constexpr std::string_view kWsFedNs = "http://docs.oasis-open.org/wsfed/federation/200706";
inline constexpr std::string_view kWsAddressingNs = "http://www.w3.org/2005/08/addressing";
inline constexpr std::string_view kWsAuthNs =
    "http://docs.oasis-open.org/wsfed/authorization/200706";

// Bindings (saml-bindings §3).
inline constexpr std::string_view kBindingRedirect =
    "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
inline constexpr std::string_view kBindingPost = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

// NameID formats (saml-core §8.3).
inline constexpr std::string_view kNameIdEmail =
    "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
inline constexpr std::string_view kNameIdUnspecified =
    "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
inline constexpr std::string_view kNameIdPersistent =
    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
inline constexpr std::string_view kNameIdTransient =
    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";

// Status codes (saml-core §3.2.2.2).
inline constexpr std::string_view kStatusSuccess = "urn:oasis:names:tc:SAML:2.0:status:Success";
inline constexpr std::string_view kStatusRequester = "urn:oasis:names:tc:SAML:2.0:status:Requester";
inline constexpr std::string_view kStatusResponder = "urn:oasis:names:tc:SAML:2.0:status:Responder";
inline constexpr std::string_view kStatusRequestUnsupported =
    "urn:oasis:names:tc:SAML:2.0:status:RequestUnsupported";

// Subject confirmation (saml-profiles §3.3) and authentication contexts (saml-authn-context).
inline constexpr std::string_view kCmBearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
inline constexpr std::string_view kAcPassword = "urn:oasis:names:tc:SAML:2.0:ac:classes:Password";
inline constexpr std::string_view kAcPasswordProtectedTransport =
    "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
inline constexpr std::string_view kAcUnspecified =
    "urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified";
inline constexpr std::string_view kAcWindows = "urn:federation:authentication:windows";

// XML-DSig algorithms.
inline constexpr std::string_view kAlgExcC14n = "http://www.w3.org/2001/10/xml-exc-c14n#";
inline constexpr std::string_view kAlgEnveloped =
    "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
inline constexpr std::string_view kAlgRsaSha256 =
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
inline constexpr std::string_view kAlgRsaSha1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
inline constexpr std::string_view kAlgSha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
inline constexpr std::string_view kAlgSha1 = "http://www.w3.org/2000/09/xmldsig#sha1";

// Azure AD claim types, in the order Azure emits them.
inline constexpr std::string_view kClaimTenantId =
    "http://schemas.microsoft.com/identity/claims/tenantid";
inline constexpr std::string_view kClaimObjectId =
    "http://schemas.microsoft.com/identity/claims/objectidentifier";
inline constexpr std::string_view kClaimDisplayName =
    "http://schemas.microsoft.com/identity/claims/displayname";
inline constexpr std::string_view kClaimIdentityProvider =
    "http://schemas.microsoft.com/identity/claims/identityprovider";
inline constexpr std::string_view kClaimAuthnMethodsReferences =
    "http://schemas.microsoft.com/claims/authnmethodsreferences";
inline constexpr std::string_view kClaimGivenName =
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname";
inline constexpr std::string_view kClaimSurname =
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname";
inline constexpr std::string_view kClaimEmailAddress =
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
inline constexpr std::string_view kClaimName =
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
inline constexpr std::string_view kClaimGroups =
    "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups";
inline constexpr std::string_view kAuthnMethodPassword =
    "http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password";
// AWS attribute-based access control prefix (append the key).
inline constexpr std::string_view kAwsAccessControlPrefix =
    "https://aws.amazon.com/SAML/Attributes/AccessControl:";

}  // namespace core::saml::names
