// Static and OAuth-backed token providers.
#include "protocol/upwork/token_provider.hpp"

namespace upsync::upwork {

clock::time_point expiry_on(upwork::clock& clk, std::chrono::system_clock::time_point utc) {
  const auto left = utc - std::chrono::system_clock::now();
  return clk.now() + std::chrono::duration_cast<clock::duration>(left);
}

result<std::string> static_token_provider::refresh_after_rejection(std::string_view) {
  return make_error(error_kind::auth, "access token refused and no way to refresh it", 401);
}

oauth_token_provider::oauth_token_provider(std::shared_ptr<oauth_client> oauth, token_set current,
                                           std::optional<clock::time_point> access_expires_at, persist_fn persist,
                                           std::shared_ptr<upwork::clock> clk, std::chrono::seconds refresh_margin)
    : oauth_(std::move(oauth)), persist_(std::move(persist)), clock_(std::move(clk)), margin_(refresh_margin),
      tokens_(std::move(current)), expires_at_(access_expires_at) {}

result<std::string> oauth_token_provider::access_token() {
  std::lock_guard lock{mutex_};
  if (dead_)
    return *dead_;
  if (tokens_.access_token.empty() || (expires_at_ && clock_->now() + margin_ >= *expires_at_))
    return refresh_locked();
  return tokens_.access_token;
}

result<std::string> oauth_token_provider::refresh_after_rejection(std::string_view rejected) {
  std::lock_guard lock{mutex_};
  if (dead_)
    return *dead_;
  // Someone refreshed since this token was handed out: use theirs.
  if (!tokens_.access_token.empty() && rejected != tokens_.access_token)
    return tokens_.access_token;
  return refresh_locked();
}

result<std::string> oauth_token_provider::refresh_locked() {
  if (tokens_.refresh_token.empty())
    return make_error(error_kind::needs_reauth, "no refresh token");
  auto fresh = oauth_->refresh(tokens_.refresh_token);
  if (!fresh.ok()) {
    error e = fresh.error();
    if (e.kind == error_kind::needs_reauth)
      dead_ = e;
    if (observer_)
      observer_->token_refreshed(false, e.kind == error_kind::needs_reauth);
    return e;
  }
  if (persist_) {
    if (auto failed = persist_(*fresh)) {
      failed->message = "persisting rotated tokens: " + failed->message;
      return *failed;
    }
  }
  tokens_ = std::move(fresh).value();
  ++refreshes_;
  if (observer_)
    observer_->token_refreshed(true, false);
  if (tokens_.expires_in > 0)
    expires_at_ = clock_->now() + std::chrono::seconds{tokens_.expires_in};
  else
    expires_at_.reset();
  return tokens_.access_token;
}

token_set oauth_token_provider::current() const {
  std::lock_guard lock{mutex_};
  return tokens_;
}

int oauth_token_provider::refreshes() const {
  std::lock_guard lock{mutex_};
  return refreshes_;
}

} // namespace upsync::upwork
