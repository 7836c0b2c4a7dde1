// The moeplan command line: a table of subcommands {name, help, function}.
// run_cli is the whole program; main() only forwards argv, so tests drive
// the CLI in-process. Exit codes: 0 ok, 1 a finding (used by `check`),
// 2 bad input or usage.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace moeplan {

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace moeplan
