// The client's names for the exact decimal and for money as Upwork sends it: both are the
// domain's (domain/decimal, domain/upwork_records), shared with storage (issue 17).
#pragma once

#include "domain/decimal.hpp"
#include "domain/upwork_records.hpp"

namespace upsync::upwork {

using decimal = domain::decimal;
using money = domain::money;

} // namespace upsync::upwork
