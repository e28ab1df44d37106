// Talks to Upwork for the HTTP handlers: short retries (a person waits on the answer),
// the shared request budget, a fresh keep-alive client per operation.
#include "http/upwork_gateway.hpp"

#include "protocol/upwork/beast_http_client.hpp"
#include "protocol/upwork/token_provider.hpp"
#include "protocol/upwork/upwork_client.hpp"

#include <stdexcept>

namespace upsync::http {

namespace {

using namespace std::chrono_literals;

// A manager is waiting in the browser: give up after a few seconds instead of minutes.
upwork::retry_policy interactive_retry() {
  upwork::retry_policy p;
  p.max_attempts = 3;
  p.base_delay = 200ms;
  p.max_delay = 2s;
  p.max_retry_after = 5s;
  return p;
}

std::shared_ptr<upwork::http_transport> new_transport() {
  upwork::http_client_options o;
  o.connect_timeout = 5s;
  o.request_timeout = 20s;
  return std::make_shared<upwork::beast_http_client>(o);
}

} // namespace

upwork_gateway::upwork_gateway(upwork_settings settings) : settings_(std::move(settings)) {
  auto key = storage::secret_key::from_hex(settings_.secret_key_hex);
  if (!key)
    throw std::invalid_argument("upwork_gateway: the secret key must be 64 hex digits");
  key_ = *key;
  if (!settings_.budget)
    settings_.budget = std::make_shared<upwork::request_budget>();
}

upwork::oauth_config upwork_gateway::oauth_config() const {
  upwork::oauth_config c;
  c.authorize_url = settings_.authorize_url;
  c.token_url = settings_.token_url;
  c.client_id = settings_.client_id;
  c.client_secret = settings_.client_secret;
  c.redirect_uri = settings_.redirect_uri;
  return c;
}

std::string upwork_gateway::authorize_url(std::string_view state) const {
  return upwork::build_authorize_url(oauth_config(), state);
}

upwork::result<upwork::token_set> upwork_gateway::exchange_code(std::string_view code,
                                                                std::shared_ptr<upwork::request_tally> requests) const {
  upwork::oauth_client oauth{oauth_config(), new_transport(), settings_.budget, interactive_retry()};
  oauth.set_observer(settings_.observer);
  oauth.count_requests_in(std::move(requests));
  return oauth.exchange_code(code);
}

upwork::result<std::vector<upwork::organization_snapshot>>
upwork_gateway::discover(const std::string& access_token, std::shared_ptr<upwork::request_tally> requests) const {
  upwork::client_options options;
  options.graphql_url = settings_.graphql_url;
  options.retry = interactive_retry();
  options.observer = settings_.observer;
  // The token was issued a moment ago; a 401 now cannot be cured by a refresh.
  auto tokens = std::make_shared<upwork::static_token_provider>(access_token);
  tokens->count_requests_in(std::move(requests));
  upwork::upwork_client client{options, new_transport(), tokens, settings_.budget};
  return upwork::discover_organizations(client);
}

} // namespace upsync::http
