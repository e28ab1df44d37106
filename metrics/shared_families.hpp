// Families that several areas count into (the engine and the HTTP API), defined once so
// that name, help and labels never drift apart.
#pragma once

#include "metrics/registry.hpp"

namespace upsync::metrics {

/// upsync_postgres_errors_total{class}: failed database work by SQLSTATE class.
inline family<counter>& postgres_errors(registry& r) {
  return r.counters("upsync_postgres_errors_total",
                    "PostgreSQL failures by SQLSTATE class (08 connection, 23 integrity, 40 "
                    "rollback, 53 resources, 57 operator; other = not an SQL error).",
                    {"class"});
}

} // namespace upsync::metrics
