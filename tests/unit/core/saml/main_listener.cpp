#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include <catch2/catch.hpp>
#include <optional>

#include "core/xmlsig/library.hpp"

namespace {

// The test main's xmlsec/libxml2 initialisation (core/xmlsig/library.hpp), alive for the run.
class XmlsecLibraryListener : public Catch::TestEventListenerBase {
 public:
  using TestEventListenerBase::TestEventListenerBase;
  void testRunStarting(const Catch::TestRunInfo& info) override {
    library_.emplace();
    TestEventListenerBase::testRunStarting(info);
  }
  void testRunEnded(const Catch::TestRunStats& stats) override {
    TestEventListenerBase::testRunEnded(stats);
    library_.reset();
  }

 private:
  std::optional<core::xmlsig::Library> library_;
};

}  // namespace

CATCH_REGISTER_LISTENER(XmlsecLibraryListener)
