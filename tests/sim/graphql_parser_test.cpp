// The GraphQL mini-parser reads every construct Upwork clients send.
#include "sim/graphql_parser.hpp"

#include <gtest/gtest.h>

namespace upsync::sim::gql {
namespace {

document parse_ok(const std::string& text) {
  auto r = parse(text);
  if (auto* e = std::get_if<parse_error>(&r)) {
    ADD_FAILURE() << e->message << " at " << e->loc.line << ":" << e->loc.column;
    return {};
  }
  return std::get<document>(r);
}

TEST(graphql_parser, shorthand_query_without_keyword) {
  auto doc = parse_ok("{ organization { id name } }");
  ASSERT_EQ(doc.operations.size(), 1u);
  EXPECT_EQ(doc.operations[0].kind, "query");
  ASSERT_EQ(doc.operations[0].selections.size(), 1u);
  EXPECT_EQ(doc.operations[0].selections[0].name, "organization");
  EXPECT_EQ(doc.operations[0].selections[0].children.size(), 2u);
}

TEST(graphql_parser, named_query_with_variable_definitions_and_defaults) {
  auto doc = parse_ok("query Diary($id: ID!, $dates: [String!] = [\"20260801\"], $n: Int = 5) {"
                      " contractDetails(id: $id) { id } }");
  const auto& op = doc.operations.at(0);
  EXPECT_EQ(op.name, "Diary");
  ASSERT_EQ(op.variables.size(), 3u);
  EXPECT_EQ(op.variables[0].type, "ID!");
  EXPECT_EQ(op.variables[1].type, "[String!]");
  ASSERT_TRUE(op.variables[1].default_value);
  EXPECT_EQ(op.variables[1].default_value->items.at(0).text, "20260801");
  EXPECT_EQ(op.selections[0].arguments[0].val.type, value::kind::variable);
  EXPECT_EQ(op.selections[0].arguments[0].val.text, "id");
}

TEST(graphql_parser, every_literal_kind_in_arguments) {
  auto doc = parse_ok(R"({ f(s: "a\"b\u00e9", i: -12, x: 1.5e3, b: true, n: null, e: ACTIVE,
                           l: [1, "two", [THREE]], o: {k: {deep: "v"}}) })");
  const auto& args = doc.operations[0].selections[0].arguments;
  ASSERT_EQ(args.size(), 8u);
  EXPECT_EQ(args[0].val.text, "a\"b\xC3\xA9");
  EXPECT_EQ(args[1].val.type, value::kind::integer);
  EXPECT_EQ(args[1].val.text, "-12");
  EXPECT_EQ(args[2].val.type, value::kind::floating);
  EXPECT_TRUE(args[3].val.flag);
  EXPECT_TRUE(args[4].val.is_null());
  EXPECT_EQ(args[5].val.type, value::kind::enumeration);
  EXPECT_EQ(args[6].val.items.size(), 3u);
  EXPECT_EQ(args[6].val.items[2].items[0].text, "THREE");
  EXPECT_EQ(args[7].val.field("k")->field("deep")->text, "v");
}

TEST(graphql_parser, fragments_spreads_inline_fragments_aliases_directives) {
  auto doc = parse_ok(R"(
    # a comment
    query { c: contractDetails(id: "1") { ...ContractDetails ... on ContractDetails { title }
            status @include(if: true) } }
    fragment ContractDetails on ContractDetails { id terms { hourlyTerms { id } } })");
  ASSERT_EQ(doc.fragments.size(), 1u);
  EXPECT_EQ(doc.fragments[0].name, "ContractDetails");
  EXPECT_EQ(doc.fragments[0].type_condition, "ContractDetails");
  const auto& f = doc.operations[0].selections[0];
  EXPECT_EQ(f.alias, "c");
  EXPECT_EQ(f.name, "contractDetails");
  ASSERT_EQ(f.children.size(), 3u);
  EXPECT_EQ(f.children[0].type, selection::kind::fragment_spread);
  EXPECT_EQ(f.children[1].type, selection::kind::inline_fragment);
  EXPECT_EQ(f.children[2].directives.at(0).name, "include");
}

TEST(graphql_parser, block_strings_and_commas_are_ignored_where_insignificant) {
  auto doc = parse_ok("{ a(t: \"\"\"multi\nline\"\"\"),, b, }");
  EXPECT_EQ(doc.operations[0].selections.size(), 2u);
  EXPECT_EQ(doc.operations[0].selections[0].arguments[0].val.text, "multi\nline");
}

TEST(graphql_parser, syntax_errors_carry_line_and_column) {
  auto r = parse("{\n  organization {\n    id\n");
  ASSERT_TRUE(std::holds_alternative<parse_error>(r));
  EXPECT_EQ(std::get<parse_error>(r).loc.line, 4);
  for (const char* bad : {"", "{}", "{ a(b: ) }", "{ a(b: $) }", "query { a } }", "{ a(x: 1.) }", "{ \"str\" }",
                          "fragment on on X { a }"})
    EXPECT_TRUE(std::holds_alternative<parse_error>(parse(bad))) << bad;
}

TEST(graphql_parser, deep_nesting_is_refused_not_crashing) {
  std::string deep(10000, '{');
  EXPECT_TRUE(std::holds_alternative<parse_error>(parse(deep)));
  std::string deep_list = "{ a(x: " + std::string(10000, '[') + ") }";
  EXPECT_TRUE(std::holds_alternative<parse_error>(parse(deep_list)));
}

} // namespace
} // namespace upsync::sim::gql
