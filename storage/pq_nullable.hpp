// A nullable column read into std::optional: the repositories' one way to say "NULL".
#pragma once

#include <optional>

#include <pqxx/pqxx>

namespace upsync::storage {

template <class T>
std::optional<T> nullable(const pqxx::field& f) {
  if (f.is_null())
    return std::nullopt;
  return f.as<T>();
}

} // namespace upsync::storage
