// GraphQL request bodies for every Upwork operation upsync uses, with `variables`.
#pragma once

#include "protocol/upwork/civil_time.hpp"
#include "protocol/upwork/types.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace upsync::upwork::queries {

/// The fields of ContractDetails, exactly as the spec names them (inlined rather than a
/// fragment so that servers without fragment support answer too).
extern const char* const contract_details_fields;

/// Each returns the complete JSON body `{"query": "...", "variables": {...}}`.
/// Cursors are omitted (not null) on the first page.

/// `with_photo` asks for each organization's photoUrl, which not every server knows
/// (upwork_client asks again without it when the field is refused).
std::string company_selector(bool with_photo = true);
std::string organization();
std::string staffs(int first, std::string_view after);
std::string vendor_contracts(std::string_view vendor_id, std::int64_t limit, std::int64_t offset);
std::string client_offers(int first, std::string_view after);
std::string contract_details(std::string_view contract_id);
std::string contract_list(const std::vector<std::string>& contract_ids);
/// Dates are sent as yyyymmdd: ISO dates fail silently on this operation.
std::string work_days(const std::vector<std::string>& contract_ids, const date_range& range);
std::string work_diary_contract(std::string_view contract_id, const date& day);
/// Several contract-days in one request, as public clients batch them: `d0:
/// workDiaryContract(...) d1: ...`; the answer's `data.d<i>` is `days[i]`'s diary.
std::string work_diary_contracts(const std::vector<contract_day>& days);
/// The alias of the `index`th contract-day of work_diary_contracts ("d0", "d1", ...).
std::string diary_alias(std::size_t index);
/// `contract_ids` empty: every contract of the organization (the filter is left out).
std::string contract_time_report(std::string_view organization_id, const date_range& range,
                                 const std::vector<std::string>& contract_ids, int first, std::string_view after);

} // namespace upsync::upwork::queries
