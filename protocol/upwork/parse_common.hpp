// Readers shared by the Upwork parsers: people, days, instants, money, page info.
#pragma once

#include "protocol/upwork/json_reader.hpp"
#include "protocol/upwork/types.hpp"

#include <simdjson.h>

namespace upsync::upwork::detail {

/// `{ id rid name email }`; `id` required, the rest optional.
person read_person(json_in::reader& r, simdjson::dom::element e);
/// A day: "YYYYMMDD", "YYYY-MM-DD", an ISO-8601 instant or epoch ms (string or integer).
date read_day(json_in::reader& r, simdjson::dom::element e);
/// An instant: epoch ms (string or integer), ISO-8601, or a bare day (its midnight).
utc_time read_instant(json_in::reader& r, simdjson::dom::element e);
/// `{ rawValue currency displayValue }`; rawValue a decimal string or number.
money read_money(json_in::reader& r, simdjson::dom::element e);
/// Reads `pageInfo { endCursor hasNextPage }` into `p`; a next page needs a cursor.
template <class T>
void read_page_info(json_in::reader& r, simdjson::dom::object connection, page<T>& p);
/// `ContractDetails`.
contract read_contract(json_in::reader& r, simdjson::dom::element e);

/// Non-template core of read_page_info.
void read_page_info_into(json_in::reader& r, simdjson::dom::object connection, std::string& end_cursor,
                         bool& has_next_page);

template <class T>
void read_page_info(json_in::reader& r, simdjson::dom::object connection, page<T>& p) {
  read_page_info_into(r, connection, p.end_cursor, p.has_next_page);
}

} // namespace upsync::upwork::detail
