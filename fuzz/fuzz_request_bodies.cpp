// libFuzzer target: every endpoint's JSON body reader (http/request_bodies) and json_body
// itself. The first byte picks the reader; the rest is the body. A reader returns a value
// that keeps its promises or refuses with a 400 naming a field — never anything else.
#include "http/api_error.hpp"
#include "http/json_body.hpp"
#include "http/request_bodies.hpp"
#include "common/money.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace upsync::http;

void check(bool ok) {
  if (!ok)
    std::abort();
}

bool rate_ok(const std::optional<std::string>& rate) { return !rate || upsync::money::parse_cents(*rate).has_value(); }

void read(std::uint8_t which, std::string_view body) {
  switch (which % 10) {
  case 0: {
    auto m = read_member_body(body);
    check(!m.name.empty() && plausible_email(m.email));
    break;
  }
  case 1: check(!read_project_body(body).name.empty()); break;
  case 2: {
    auto v = read_interval_body(body);
    check(rate_ok(v.pay_rate) && rate_ok(v.bill_rate));
    check(v.currency.has_value() == (v.pay_rate || v.bill_rate));
    check(!v.member_id || *v.member_id > 0);
    break;
  }
  case 3: {
    auto p = read_interval_patch_body(body);
    check(p.started_at || p.ended_at || p.project_id);
    break;
  }
  case 4:
    for (const auto& id : read_account_selection(body))
      check(!id.empty() && id.size() <= 64);
    break;
  case 5: {
    auto u = read_user_mapping_body(body);
    if (u.create_member && *u.create_member)
      check(plausible_email((*u.create_member)->email));
    break;
  }
  case 6: {
    auto c = read_contract_mapping_body(body);
    for (const auto& [side, rate] : c.rates)
      check((side == "pay" || side == "bill") && rate_ok(rate));
    break;
  }
  case 7: read_empty_body(body); break;
  case 8: {
    json_body b{body, true};
    (void)b.string("name");
    (void)b.nullable_string("client_name");
    (void)b.boolean("billable");
    (void)b.id("id");
    break;
  }
  default: (void)parse_id(body); break;
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  std::string_view body{reinterpret_cast<const char*>(data) + 1, size - 1};
  try {
    read(data[0], body);
  } catch (const api_error& e) {
    check(e.status == 400 && e.code == "invalid_request" && e.what()[0] != '\0');
  }
  return 0;
}
