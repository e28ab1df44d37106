// A query's rows read as records, one per row, through a repository's `from_row`: the
// repositories' one loop for it.
#pragma once

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

} // namespace upsync::storage
