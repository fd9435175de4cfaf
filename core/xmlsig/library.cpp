#include "core/xmlsig/library.hpp"

#include <libxml/parser.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/xmlsec.h>

#include <mutex>
#include <stdexcept>

namespace core::xmlsig {
namespace {

// The C libraries' process-wide state forces one process-wide reference count (see library.hpp).
std::mutex g_init_mutex;
int g_init_count = 0;

}  // namespace

Library::Library() {
  const std::lock_guard<std::mutex> lock(g_init_mutex);
  if (g_init_count++ > 0) return;
  xmlInitParser();
  if (xmlSecInit() < 0) {
    --g_init_count;
    throw std::runtime_error("xmlsec: initialisation failed");
  }
  if (xmlSecCheckVersion() != 1) {
    xmlSecShutdown();
    --g_init_count;
    throw std::runtime_error("xmlsec: library version does not match the headers");
  }
  if (xmlSecCryptoAppInit(nullptr) < 0 || xmlSecCryptoInit() < 0) {
    xmlSecShutdown();
    --g_init_count;
    throw std::runtime_error("xmlsec: OpenSSL backend initialisation failed");
  }
  // Refused signatures are a normal outcome reported through VerifyResult; keep stderr quiet.
  xmlSecErrorsDefaultCallbackEnableOutput(0);
}

Library::~Library() {
  const std::lock_guard<std::mutex> lock(g_init_mutex);
  if (--g_init_count > 0) return;
  xmlSecCryptoShutdown();
  xmlSecCryptoAppShutdown();
  xmlSecShutdown();
}

}  // namespace core::xmlsig
