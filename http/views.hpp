// How workspace records look in API answers (field names from the HTTP contract).
#pragma once

#include "common/json_writer.hpp"
#include "storage/records.hpp"
#include "storage/workspace_store.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace upsync::http::views {

void write(json::writer& w, const storage::member_record& m);
void write(json::writer& w, const storage::workspace_record& ws);
void write(json::writer& w, const storage::project_record& p);
void write(json::writer& w, const storage::interval_record& i);
/// An API token's id and dates; never the token.
void write(json::writer& w, const storage::workspace_store::token_record& t);

/// `"key": "<RFC 3339>"` of Unix seconds, or `"key": null`.
void time_or_null(json::writer& w, std::string_view key, const std::optional<std::int64_t>& t);

/// `{"items": [...]}` of any records `write` knows.
template <class Records>
std::string items(const Records& records) {
  json::writer w;
  w.begin_object().key("items").begin_array();
  for (const auto& r : records)
    write(w, r);
  w.end_array().end_object();
  return std::move(w).str();
}

/// One record as a JSON document.
template <class Record>
std::string one(const Record& record) {
  json::writer w;
  write(w, record);
  return std::move(w).str();
}

} // namespace upsync::http::views
