// Executes a parsed GraphQL document against a resolved root object, writing JSON.
#pragma once

#include "sim/graphql_ast.hpp"
#include "sim/graphql_result.hpp"

#include <string>
#include <vector>

namespace upsync::sim::gql {

/// Response tweaks the fault injector asks for.
struct exec_options {
  bool numbers_as_strings = false; ///< every number is sent as a JSON string
  bool partial_failure = false;    ///< null one nested field and report an error for it
  /// In a query of several root fields (aliases), the share of them that fail on their own:
  /// null, with a transient error whose path is the alias. Drawn from `alias_seed`.
  double alias_error_share = 0;
  std::uint64_t alias_seed = 0;
};

/// Collects errors while a query runs; resolvers report through it.
class exec_context {
public:
  /// A request that is not valid against the schema: the answer has no data.
  void validation_error(std::string message, location loc);
  /// A field that failed: it becomes null, the rest of the data stays.
  void field_error(std::string message, location loc, const std::string& classification);
  /// Stops the query: the answer carries `data: null`.
  void abort(std::string message, location loc);

  bool has_validation_errors() const { return validation_failed_; }
  bool aborted() const { return aborted_; }
  const std::string& errors_json() const { return errors_; }
  std::size_t error_count() const { return count_; }

  /// The location of the field being resolved, for resolvers' errors.
  location current = {};
  std::vector<std::string> path;

private:
  void add(const std::string& message, location loc, const std::string& classification, bool with_path);

  std::string errors_;
  std::size_t count_ = 0;
  bool validation_failed_ = false;
  bool aborted_ = false;
};

struct exec_result {
  std::string body;                     ///< the JSON answer
  std::vector<std::string> root_fields; ///< the operations asked, for statistics
  bool has_errors = false;
};

/// Runs operation `operation_name` (or the only one) of `doc` with `variables` (an object
/// value, or null) against `root`. Returns the complete JSON answer: data, errors or both.
exec_result execute(const document& doc, std::string_view operation_name, const value& variables,
                    const result_value& root, const exec_options& options = {});

/// A JSON answer holding just one error (syntax errors, bad requests).
std::string error_response(const std::string& message, location loc, const std::string& classification);

} // namespace upsync::sim::gql
