#include "storage/sqlstate.hpp"

#include <pqxx/except>

namespace upsync::storage {

std::string sqlstate_class(const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e) || dynamic_cast<const pqxx::in_doubt_error*>(&e))
    return "08";
  if (auto sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const auto& state = sql->sqlstate();
    if (state.size() == 5)
      return state.substr(0, 2);
  }
  return "other";
}

} // namespace upsync::storage
