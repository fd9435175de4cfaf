#pragma once

#include <string>

#include "core/util/id_generator.hpp"

namespace core::saml {

// A SAML ID in Azure's form: "_" + UUID v4 (an xs:ID must not start with a digit).
std::string new_message_id(util::IdGenerator& ids);

}  // namespace core::saml
