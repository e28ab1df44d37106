// domain::connect_upwork over upwork_gateway: the code exchange and discovery of the OAuth
// callback, with the failures logged (kind and status; never a token) under the request's id.
#pragma once

#include "domain/clock.hpp"
#include "domain/use_cases/connect.hpp"
#include "protocol/upwork/request_tally.hpp"

#include <cstddef>
#include <memory>
#include <string>

namespace upsync::http {

class upwork_gateway;

class connect_upwork final : public domain::connect_upwork {
public:
  /// `now`: the request's clock (the day its requests count for).
  connect_upwork(const upwork_gateway& gateway, std::string request_id, domain::wall_clock now)
      : gateway_(gateway), request_id_(std::move(request_id)),
        requests_(std::make_shared<upwork::request_tally>(std::move(now))) {}

  exchange exchange_code(const std::string& code) override;
  discovery discover(const domain::token_set& tokens) override;

  /// List entries the parsers skipped in a successful discovery (for the log).
  std::size_t skipped_entries() const { return skipped_; }
  /// What the exchange and discovery sent to Upwork, for the connection's requests today.
  upwork::request_tally& requests() { return *requests_; }

private:
  const upwork_gateway& gateway_;
  std::string request_id_;
  std::size_t skipped_ = 0;
  std::shared_ptr<upwork::request_tally> requests_;
};

} // namespace upsync::http
