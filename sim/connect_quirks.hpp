// Quirks of the real API that a connect meets (issue 16), switched on through the control
// API so tests can reproduce them: organizations with a photo (companySelector's
// `photoUrl`), a client organization's pending offers (clientOffers entries whose
// `contractDetails` is null: offered, not yet accepted) and a discovery that fails (the
// next N companySelector requests answer HTTP 503). Thread-safe: GraphQL requests read
// while the control API writes.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace upsync::sim {

class connect_quirks {
public:
  /// The organization's photo URL; none removes it (photoUrl null, as by default).
  void set_photo(const std::string& org_id, std::optional<std::string> url);
  std::optional<std::string> photo_of(const std::string& org_id) const;

  /// `count` pending offers after the organization's real ones in clientOffers.
  void set_pending_offers(const std::string& org_id, std::size_t count);
  std::size_t pending_offers_of(const std::string& org_id) const;

  /// The next `count` companySelector requests fail with HTTP 503 (0: none).
  void fail_discovery(std::size_t count);
  /// True (and one fewer left) when this companySelector request must fail.
  bool take_discovery_failure();
  std::size_t discovery_failures_left() const;

  /// Organizations with a photo or pending offers, by id: {photo, pending offers}.
  std::map<std::string, std::pair<std::optional<std::string>, std::size_t>> all() const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> photos_;
  std::map<std::string, std::size_t> pending_offers_;
  std::size_t discovery_failures_ = 0;
};

} // namespace upsync::sim
