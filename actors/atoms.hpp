// The engine's atoms, registered once in a CAF type-ID block (CAF 0.17.6: atoms of at
// most 10 characters, values `<name>_v`).
#pragma once

#include <caf/type_id.hpp>

CAF_BEGIN_TYPE_ID_BLOCK(upsync, caf::first_custom_type_id)

CAF_ADD_ATOM(upsync, upsync::atom, cycle, "cycle")
CAF_ADD_ATOM(upsync, upsync::atom, tick, "tick")
CAF_ADD_ATOM(upsync, upsync::atom, write, "write")
CAF_ADD_ATOM(upsync, upsync::atom, flush, "flush")
CAF_ADD_ATOM(upsync, upsync::atom, reload, "reload")
CAF_ADD_ATOM(upsync, upsync::atom, reauth, "reauth")
CAF_ADD_ATOM(upsync, upsync::atom, load, "load")
CAF_ADD_ATOM(upsync, upsync::atom, totals, "totals")
CAF_ADD_ATOM(upsync, upsync::atom, synced, "synced")
CAF_ADD_ATOM(upsync, upsync::atom, restart, "restart")
CAF_ADD_ATOM(upsync, upsync::atom, stop, "stop")
CAF_ADD_ATOM(upsync, upsync::atom, report, "report")
CAF_ADD_ATOM(upsync, upsync::atom, announce, "announce")
CAF_ADD_ATOM(upsync, upsync::atom, refresh, "refresh")

CAF_END_TYPE_ID_BLOCK(upsync)
