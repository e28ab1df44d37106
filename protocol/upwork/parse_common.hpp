// Readers shared by the Upwork parsers: people, days, instants, money, page info.
#pragma once

#include "protocol/upwork/graphql_response.hpp"
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
/// A cursor connection `{ totalCount edges { node } pageInfo }` into `p`: each edge's node
/// read by `read_node(element)`; an odd edge (null, no node, an unusable node) is skipped and
/// counted like any list entry.
template <class T, class F>
void read_connection(json_in::reader& r, simdjson::dom::object connection, bool partial, page<T>& p, F&& read_node);
/// `ContractDetails`.
contract read_contract(json_in::reader& r, simdjson::dom::element e);

/// Non-template core of read_page_info.
void read_page_info_into(json_in::reader& r, simdjson::dom::object connection, std::string& end_cursor,
                         bool& has_next_page);

template <class T>
void read_page_info(json_in::reader& r, simdjson::dom::object connection, page<T>& p) {
  read_page_info_into(r, connection, p.end_cursor, p.has_next_page);
}

template <class T, class F>
void read_connection(json_in::reader& r, simdjson::dom::object connection, bool partial, page<T>& p, F&& read_node) {
  p.total_count = r.optional_lenient(connection, "totalCount", &json_in::reader::integer);
  if (auto edges = r.list(connection, "edges")) {
    json_in::reader::scope es{r, "edges"};
    for_each_item(r, r.array(*edges), partial, [&](simdjson::dom::element edge) {
      auto eo = r.object(edge);
      auto node = r.require(eo, "node");
      json_in::reader::scope ns{r, "node"};
      p.items.push_back(read_node(node));
    });
  }
  read_page_info(r, connection, p);
}

} // namespace upsync::upwork::detail
