// Shared building blocks of the schema resolvers: arguments, paging, common objects.
#pragma once

#include "sim/graphql_executor.hpp"
#include "sim/graphql_result.hpp"
#include "sim/upwork_schema.hpp"

#include <optional>
#include <string>
#include <vector>

namespace upsync::sim::schema {

using gql::exec_context;
using gql::field_args;
using gql::object_builder;
using gql::result_value;

/// The text of a nested argument (`filter.vendorId`), or nullopt.
std::optional<std::string> text_at(const field_args& args, std::initializer_list<const char*> path);
const gql::value* value_at(const field_args& args, std::initializer_list<const char*> path);
/// Strings of a list argument (ids may be numbers or strings).
std::vector<std::string> texts_of(const gql::value* list);

/// A requested page: rows [offset, offset + size).
struct page {
  std::size_t offset = 0;
  std::size_t size = 0;
};
/// Reads `pagination: {first, after}`; `first` is capped at `max_first`. Reports a
/// validation error and returns nullopt for a malformed cursor or a non-positive `first`.
std::optional<page> cursor_page(const field_args& args, const char* arg_name, std::size_t default_first,
                                std::size_t max_first, exec_context& ctx);

std::string encode_cursor(std::size_t index);

/// A Relay connection over rows [p.offset, p.offset + nodes.size()) of `total`.
result_value connection(const std::string& type, std::size_t total, const page& p, std::vector<result_value> nodes);

result_value money(std::int64_t cents, const std::string& currency);
result_value user_object(const user_record& u);
result_value org_ref(const org_record& o);
result_value contract_object(const world& w, const contract_record& c, bool with_terms = true);
result_value org_object(const query_scope& scope, const org_record& o);

/// The contracts of an organization visible to the grant, as records.
std::vector<contract_record> contracts_of(const query_scope& scope, std::uint32_t org);

// Root operations, one file each area.
result_value resolve_company_selector(const query_scope& scope);
result_value resolve_vendor_contracts(const query_scope& scope, const field_args& args, exec_context& ctx);
result_value resolve_contract_list(const query_scope& scope, const field_args& args, exec_context& ctx);
result_value resolve_contract_details(const query_scope& scope, const field_args& args, exec_context& ctx);
result_value resolve_work_days(const query_scope& scope, const field_args& args, exec_context& ctx);
result_value resolve_work_diary(const query_scope& scope, const field_args& args, exec_context& ctx);
result_value resolve_time_report(const query_scope& scope, const field_args& args, exec_context& ctx);

} // namespace upsync::sim::schema
