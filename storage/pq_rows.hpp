// A query's rows read as records, one per row, through a repository's `from_row`: the
// repositories' one loop for it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

namespace upsync::storage {

template <class FromRow>
auto records_from(const pqxx::result& rows, FromRow from_row) {
  std::vector<decltype(from_row(std::declval<const pqxx::row&>()))> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(from_row(r));
  return out;
}

/// The ids a batch INSERT ... ON CONFLICT DO NOTHING RETURNING id, key answered, put back
/// in the order of `keys` (the values given for the unique column): none where that row was
/// skipped as a conflict, and for a key repeated in `keys` after its first time (PostgreSQL
/// skips the repeat too).
inline std::vector<std::optional<std::int64_t>> ids_in_order(const pqxx::result& rows,
                                                             const std::vector<std::string>& keys) {
  std::map<std::string, std::int64_t> by_key;
  for (const auto& r : rows)
    by_key.emplace(r[1].as<std::string>(), r[0].as<std::int64_t>());
  std::vector<std::optional<std::int64_t>> out;
  out.reserve(keys.size());
  for (const auto& k : keys) {
    auto it = by_key.find(k);
    if (it == by_key.end()) {
      out.emplace_back();
      continue;
    }
    out.emplace_back(it->second);
    by_key.erase(it); // a repeat of the key was skipped
  }
  return out;
}

} // namespace upsync::storage
