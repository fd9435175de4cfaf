#pragma once

#include <string>
#include <vector>

#include "scenarios/runner.hpp"

namespace scenarios {

// JUnit XML as CI servers read it: <testsuites> with one <testsuite> per scenario (name = the
// title, file = the scenario file) and one <testcase> per step (name "3. create alice",
// classname = the file); failed steps carry <failure message="first line">full reason
// </failure>, skipped steps <skipped/>. Times in seconds.
std::string junit_xml(const std::vector<RunResult>& results);

}  // namespace scenarios
