// One GraphQL exchange with classification, and every operation with its paging.
#include "protocol/upwork/upwork_client.hpp"

#include "protocol/upwork/parsers.hpp"
#include "protocol/upwork/queries.hpp"

#include <set>
#include <spdlog/spdlog.h>

namespace upsync::upwork {

upwork_client::upwork_client(client_options options, std::shared_ptr<http_transport> transport,
                             std::shared_ptr<token_provider> tokens, std::shared_ptr<request_budget> budget,
                             std::shared_ptr<upwork::clock> clk, std::function<double()> jitter)
    : options_(std::move(options)), transport_(std::move(transport)), tokens_(std::move(tokens)),
      budget_(budget ? std::move(budget) : std::make_shared<request_budget>(request_budget::options{}, clk)),
      clock_(std::move(clk)), backoff_(options_.retry, std::move(jitter)) {}

client_stats upwork_client::stats() const {
  return client_stats{requests_.load(), retries_.load(), refreshes_.load(), throttled_.load()};
}

upwork_client::attempt_outcome upwork_client::attempt(const std::string& body, std::string_view tenant_id,
                                                      bool& refreshed) {
  attempt_outcome out;
  auto token = tokens_->access_token();
  if (!token.ok()) {
    out.failure = token.error();
    return out;
  }
  out.token = *token;
  http_request req;
  req.method = "POST";
  req.url = options_.graphql_url;
  req.headers.push_back({"Authorization", "Bearer " + *token});
  req.headers.push_back({"Content-Type", "application/json"});
  req.headers.push_back({"Accept", "application/json"});
  if (!tenant_id.empty())
    req.headers.push_back({"X-Upwork-API-TenantId", std::string{tenant_id}});
  req.body = body;

  if (!budget_->acquire(options_.purpose)) {
    out.failure = make_error(error_kind::budget_spent,
                             std::string{"not sent: Upwork's daily request budget is spent for "}
                               + domain::to_string(options_.purpose) + " requests (UPSYNC_UPWORK_DAILY_REQUESTS)");
    return out;
  }
  ++requests_;
  tokens_->count_request();
  const auto sent = std::chrono::steady_clock::now();
  auto resp = transport_->send(req);
  if (options_.observer)
    options_.observer->request_done(operation_name(body), resp.ok() ? resp->status : 0,
                                    std::chrono::steady_clock::now() - sent);
  if (!resp.ok()) {
    out.failure = resp.error();
    return out;
  }
  const int status = resp->status;
  if (status == 429)
    budget_->throttled();
  else
    budget_->succeeded();
  if (status >= 200 && status < 300) {
    out.answer = std::move(resp).value();
    return out;
  }
  if (status == 401) {
    if (refreshed) {
      out.failure = make_error(error_kind::auth, "HTTP 401 again after a token refresh", 401);
      return out;
    }
    refreshed = true;
    auto fresh = tokens_->refresh_after_rejection(*token);
    if (!fresh.ok()) {
      out.failure = fresh.error();
      return out;
    }
    ++refreshes_;
    out.retry_now = true;
    return out;
  }
  error e;
  e.http_status = status;
  std::string snippet = resp->body.substr(0, 200);
  e.message = "graphql: HTTP " + std::to_string(status) + (snippet.empty() ? "" : ": " + snippet);
  if (status == 429 || status == 408 || status >= 500)
    e.kind = error_kind::retryable;
  else
    e.kind = error_kind::permanent; // 400, 403, 404, ...: the same request fails again
  if (auto ra = parse_retry_after(resp->header("Retry-After")))
    e.retry_after = *ra;
  if (status == 429)
    ++throttled_;
  out.failure = std::move(e);
  return out;
}

bool upwork_client::wait_before_retry(const error& e, int n) {
  if (n >= backoff_.policy().max_attempts)
    return false;
  if (e.retry_after && *e.retry_after > backoff_.policy().max_retry_after)
    return false;
  const auto d = backoff_.delay(n - 1, e.retry_after);
  if (e.http_status == 429) {
    // The limit is per client IP: hold back every request sharing the budget, not just
    // this one. acquire() then waits out the pause.
    budget_->pause_for(d);
  } else {
    clock_->sleep_for(d);
  }
  return true;
}

void upwork_client::report_skipped(std::string_view operation, std::size_t count, const std::string& reason) const {
  // The reason is a JSON path and what was wrong there: no tokens ever travel in an answer.
  spdlog::warn("upwork_entries_skipped operation={} count={} first=\"{}\"", operation, count, reason);
  if (options_.observer)
    options_.observer->entries_skipped(operation, count);
}

namespace {

/// The skipped entries of every page of one collection, carried onto its result.
struct skip_tally {
  std::size_t count = 0;
  std::string reason;

  template <class P>
  void add(const result<P>& page) {
    if (page.skipped() > 0 && reason.empty())
      reason = page.skip_reason();
    count += page.skipped();
  }
  template <class T>
  result<T> onto(result<T> r) {
    r.add_skipped(count, reason);
    return r;
  }
};

} // namespace

template <class T>
result<std::vector<T>> upwork_client::collect(const std::function<result<page<T>>(const std::string&)>& fetch) {
  std::vector<T> all;
  std::optional<error> first_error;
  std::set<std::string> seen;
  std::string after;
  skip_tally skipped;
  for (int n = 0;; ++n) {
    if (n >= options_.max_pages)
      return skipped.onto(result<std::vector<T>>{std::move(all), make_error(error_kind::malformed, "too many pages")});
    auto p = fetch(after);
    if (!p.has_value()) {
      if (all.empty())
        return p.error();
      return skipped.onto(result<std::vector<T>>{std::move(all), p.error()});
    }
    skipped.add(p);
    if (p.has_error() && !first_error)
      first_error = p.error();
    for (auto& item : p.value().items)
      all.push_back(std::move(item));
    if (!p->has_next_page)
      break;
    if (!seen.insert(p->end_cursor).second)
      return skipped.onto(
        result<std::vector<T>>{std::move(all), make_error(error_kind::malformed, "cursor repeats: " + p->end_cursor)});
    after = p->end_cursor;
  }
  if (first_error)
    return skipped.onto(result<std::vector<T>>{std::move(all), std::move(*first_error)});
  return skipped.onto(result<std::vector<T>>{std::move(all)});
}

// -- organizations and people ---------------------------------------------------------

result<std::vector<company_selector_item>> upwork_client::company_selector() {
  // The organizations' photos are a nicety that no published schema names: a server that
  // refuses the field (a validation error, which aborts the whole query) is asked again
  // without it, and from then on this client never asks for it. Connecting must not fail
  // for a picture.
  // A refusal is a permanent error or one that names the field (servers do not all
  // classify their validation errors); the field is blamed only when the query without it
  // succeeds.
  if (!photo_refused_) {
    auto r = call<std::vector<company_selector_item>>(queries::company_selector(true), {}, parse_company_selector);
    if (r.has_value()
        || (r.error().kind != error_kind::permanent && r.error().message.find("photoUrl") == std::string::npos))
      return r;
    auto plain = call<std::vector<company_selector_item>>(queries::company_selector(false), {}, parse_company_selector);
    if (plain.has_value())
      photo_refused_ = true;
    return plain;
  }
  return call<std::vector<company_selector_item>>(queries::company_selector(false), {}, parse_company_selector);
}

result<organization> upwork_client::organization_info(std::string_view tenant_id) {
  return call<organization>(queries::organization(), tenant_id, parse_organization);
}

result<page<staff_member>> upwork_client::staffs_page(std::string_view tenant_id, std::string_view after) {
  return call<page<staff_member>>(queries::staffs(options_.staffs_page_size, after), tenant_id, parse_staffs_page);
}

result<std::vector<staff_member>> upwork_client::staffs(std::string_view tenant_id) {
  return collect<staff_member>([&](const std::string& after) { return staffs_page(tenant_id, after); });
}

// -- contracts ------------------------------------------------------------------------

result<contract_offset_page> upwork_client::vendor_contracts_page(std::string_view tenant_id,
                                                                  std::string_view vendor_id, std::int64_t offset) {
  return call<contract_offset_page>(queries::vendor_contracts(vendor_id, options_.vendor_contracts_page_size, offset),
                                    tenant_id, parse_vendor_contracts_page);
}

result<std::vector<contract>> upwork_client::vendor_contracts(std::string_view tenant_id, std::string_view vendor_id) {
  std::vector<contract> all;
  std::optional<error> first_error;
  std::int64_t offset = 0;
  skip_tally skipped;
  for (int n = 0;; ++n) {
    if (n >= options_.max_pages)
      return skipped.onto(
        result<std::vector<contract>>{std::move(all), make_error(error_kind::malformed, "too many pages")});
    auto p = vendor_contracts_page(tenant_id, vendor_id, offset);
    if (!p.has_value()) {
      if (all.empty())
        return p.error();
      return skipped.onto(result<std::vector<contract>>{std::move(all), p.error()});
    }
    skipped.add(p);
    if (p.has_error() && !first_error)
      first_error = p.error();
    // Skipped entries still took their places on the page: the offset moves past them.
    const auto count = static_cast<std::int64_t>(p->contracts.size() + p.skipped());
    for (auto& c : p.value().contracts)
      all.push_back(std::move(c));
    // A server may cap the page below what was asked: its own limit says how full a page is.
    std::int64_t limit = options_.vendor_contracts_page_size;
    if (p->limit > 0 && p->limit < limit)
      limit = p->limit;
    if (count == 0 || count < limit)
      break;
    offset += count;
  }
  if (first_error)
    return skipped.onto(result<std::vector<contract>>{std::move(all), std::move(*first_error)});
  return skipped.onto(result<std::vector<contract>>{std::move(all)});
}

result<page<contract>> upwork_client::client_offers_page(std::string_view tenant_id, std::string_view after) {
  return call<page<contract>>(queries::client_offers(options_.client_offers_page_size, after), tenant_id,
                              parse_client_offers_page);
}

result<std::vector<contract>> upwork_client::client_offers(std::string_view tenant_id) {
  return collect<contract>([&](const std::string& after) { return client_offers_page(tenant_id, after); });
}

result<contract> upwork_client::contract_details(std::string_view tenant_id, std::string_view contract_id) {
  return call<contract>(queries::contract_details(contract_id), tenant_id, parse_contract_details);
}

result<std::vector<contract>> upwork_client::contract_list(std::string_view tenant_id,
                                                           const std::vector<std::string>& contract_ids) {
  return call<std::vector<contract>>(queries::contract_list(contract_ids), tenant_id, parse_contract_list);
}

// -- time -----------------------------------------------------------------------------

result<std::vector<date>> upwork_client::work_days(std::string_view tenant_id,
                                                   const std::vector<std::string>& contract_ids,
                                                   const date_range& range) {
  return call<std::vector<date>>(queries::work_days(contract_ids, range), tenant_id, parse_work_days);
}

result<work_diary> upwork_client::work_diary_contract(std::string_view tenant_id, std::string_view contract_id,
                                                      const date& day) {
  return call<work_diary>(queries::work_diary_contract(contract_id, day), tenant_id, parse_work_diary);
}

std::vector<result<work_diary>> upwork_client::work_diary_contracts(std::string_view tenant_id,
                                                                    const std::vector<contract_day>& days) {
  std::vector<std::optional<result<work_diary>>> done(days.size());
  std::vector<std::size_t> open(days.size());
  for (std::size_t i = 0; i < days.size(); ++i)
    open[i] = i;
  for (int n = 1; !open.empty(); ++n) {
    std::vector<result<work_diary>> answers;
    if (open.size() == 1) {
      const auto& d = days[open.front()];
      answers.push_back(work_diary_contract(tenant_id, d.contract_id, d.day));
    } else {
      std::vector<contract_day> asked;
      asked.reserve(open.size());
      for (auto i : open)
        asked.push_back(days[i]);
      auto batch = call<std::vector<result<work_diary>>>(
        queries::work_diary_contracts(asked), tenant_id,
        [count = asked.size()](std::string_view body) { return parse_work_diaries(body, count); });
      if (!batch.has_value()) { // failed whole, already retried by call()
        for (auto i : open)
          done[i].emplace(batch.error());
        break;
      }
      answers = std::move(batch).value();
    }
    // A single day went through call() and its retries already: whatever it is, it is final.
    const bool final_round = open.size() == 1;
    std::vector<std::size_t> again;
    for (std::size_t k = 0; k < open.size(); ++k) {
      auto& r = answers[k];
      if (!final_round && !r.ok() && r.error().is_transient())
        again.push_back(open[k]);
      else if (!final_round && r.ok() && r.skipped() > 0)
        report_skipped("workDiaryContract", r.skipped(), r.skip_reason());
      // Kept even when asked again: a day given up on ends with its own error.
      done[open[k]].emplace(std::move(r));
    }
    if (again.empty() || !wait_before_retry(done[again.back()]->error(), n))
      break;
    ++retries_;
    if (options_.observer)
      options_.observer->retried("workDiaryContract");
    open = std::move(again);
  }
  std::vector<result<work_diary>> out;
  out.reserve(days.size());
  for (auto& d : done)
    out.push_back(std::move(*d));
  return out;
}

result<page<time_report_row>> upwork_client::time_report_page(std::string_view tenant_id,
                                                              std::string_view organization_id, const date_range& range,
                                                              const std::vector<std::string>& contract_ids,
                                                              std::string_view after) {
  return call<page<time_report_row>>(
    queries::contract_time_report(organization_id, range, contract_ids, options_.time_report_page_size, after),
    tenant_id, parse_time_report_page);
}

result<std::vector<time_report_row>> upwork_client::time_report(std::string_view tenant_id,
                                                                std::string_view organization_id,
                                                                const date_range& range,
                                                                const std::vector<std::string>& contract_ids) {
  return collect<time_report_row>(
    [&](const std::string& after) { return time_report_page(tenant_id, organization_id, range, contract_ids, after); });
}

} // namespace upsync::upwork
