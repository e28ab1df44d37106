// domain::connect_upwork over upwork_gateway: the code exchange and discovery of the OAuth
// callback, with the failures logged (kind and status; never a token) under the request's id.
#pragma once

#include "domain/use_cases/connect.hpp"

#include <cstddef>
#include <string>

namespace upsync::http {

class upwork_gateway;

class connect_upwork final : public domain::connect_upwork {
public:
  connect_upwork(const upwork_gateway& gateway, std::string request_id)
      : gateway_(gateway), request_id_(std::move(request_id)) {}

  exchange exchange_code(const std::string& code) override;
  discovery discover(const domain::token_set& tokens) override;

  /// List entries the parsers skipped in a successful discovery (for the log).
  std::size_t skipped_entries() const { return skipped_; }

private:
  const upwork_gateway& gateway_;
  std::string request_id_;
  std::size_t skipped_ = 0;
};

} // namespace upsync::http
