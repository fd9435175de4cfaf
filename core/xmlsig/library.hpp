#pragma once

namespace core::xmlsig {

// Initialises libxml2 and xmlsec (OpenSSL backend) for as long as at least one Library object is
// alive; the last one to be destroyed shuts them down. Contract: every function of core/xmlsig
// (and every core/saml function that signs or verifies) may only be called while a Library
// exists. Create one in main() (or make it a member of the application object, before any
// member that signs) and in the test main.
//
// The C libraries keep process-wide state; the reference count that makes nested or parallel
// Library objects safe (the scenario runner embeds both mocks, each owning one) is the only
// static state of core/xmlsig. Constructing and destroying is thread-safe. Throws
// std::runtime_error if xmlsec fails to initialise or its version does not match the headers.
class Library {
 public:
  Library();
  ~Library();
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
};

}  // namespace core::xmlsig
