// Command-line parsing for upwork-sim.
#include "sim/cli.hpp"

#include "sim/civil_time.hpp"

#include <cstdlib>
#include <functional>
#include <map>

namespace upsync::sim {

namespace {

bool to_u64(const std::string& s, std::uint64_t& out) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos)
    return false;
  out = std::strtoull(s.c_str(), nullptr, 10);
  return true;
}

template <class T>
std::function<bool(const std::string&)> number_into(T& target, std::uint64_t max) {
  return [&target, max](const std::string& v) {
    std::uint64_t n = 0;
    if (!to_u64(v, n) || n > max)
      return false;
    target = static_cast<T>(n);
    return true;
  };
}

// Fault knob names use underscores; flags use dashes.
std::string flag_of(std::string knob) {
  for (auto& c : knob)
    if (c == '_')
      c = '-';
  return "--" + knob;
}

} // namespace

std::string cli_help() {
  std::string h = R"(upwork-sim: a faithful, scalable, fault-injecting Upwork API simulator.

usage: upwork-sim [flags]     (flags take --name=value or --name value)

Server
  --host ADDR               address to bind (default 127.0.0.1)
  --port N                  port; 0 picks a free one (default 0). The bound port is
                            printed on stdout as "listening on HOST:PORT".
  --threads N               io threads (default 2)
  --log-level LEVEL         trace|debug|info|warn|error|off (default info; info logs
                            every request, tokens shortened)

Data
  --preset NAME             generated (default; the scale knobs apply) or demo (Nomadic
                            Soft, Acme Corp, Globex GmbH, John Smith)
  --seed N                  seed of all generated data (default 42)
  --orgs N                  organizations, at least 3 (default 12)
  --members-per-org N       staff of agencies and clients (default 6)
  --contracts-per-org N     contracts = orgs * N (default 4)
  --days N                  days of history with time, ending today (default 90)
  --start-time ISO          simulated start instant, e.g. 2026-08-15T10:00:00Z
                            (default: now). Pins "today" for reproducible data.
  --frozen-clock            the simulated clock moves only via the control API

OAuth
  --client-secret S         required secret for every client (default: any non-empty)
  --access-ttl SECONDS      access-token lifetime (default 86400)
  --refresh-ttl SECONDS     refresh-token lifetime (default 1209600)
  --rotation-grace SECONDS  a rotated refresh token dies this long after (default 86400)

Faults (also settable at run time: POST /__control/faults). All are off by default;
rate-limit-burst defaults to 10, retry-after-share to 0.5, fault-seed to 1.
)";
  for (std::size_t i = 0; i < fault_knob_count; ++i) {
    std::string name = fault_knobs[i].name;
    std::string flag = name == "seed" ? "--fault-seed" : flag_of(name);
    h += "  " + flag + std::string(flag.size() < 28 ? 28 - flag.size() : 1, ' ') + fault_knobs[i].help + "\n";
  }
  h += R"(
Endpoints: GET /ab/account-security/oauth2/authorize, POST /api/v3/oauth2/token,
POST /graphql, and the control API under /__control/ (see docs/simulator.md).
)";
  return h;
}

cli_result parse_cli(const std::vector<std::string>& args) {
  cli_result r;
  auto& o = r.options;
  std::map<std::string, std::function<bool(const std::string&)>> flags = {
    {"--host",
     [&](const std::string& v) {
       o.host = v;
       return !v.empty();
     }},
    {"--port", number_into(o.port, 65535)},
    {"--threads", number_into(o.threads, 256)},
    {"--log-level",
     [&](const std::string& v) {
       r.log_level = v;
       return true;
     }},
    {"--preset",
     [&](const std::string& v) {
       o.preset = v;
       return true;
     }},
    {"--seed", number_into(o.scale.seed, UINT64_MAX)},
    {"--orgs", number_into(o.scale.orgs, 10'000'000)},
    {"--members-per-org", number_into(o.scale.members_per_org, 100'000)},
    {"--contracts-per-org", number_into(o.scale.contracts_per_org, 100'000)},
    {"--days", number_into(o.scale.days, 3650)},
    {"--start-time",
     [&](const std::string& v) {
       auto ms = parse_iso_instant(v);
       if (ms)
         o.start_ms = *ms;
       return ms.has_value();
     }},
    {"--client-secret",
     [&](const std::string& v) {
       o.oauth.client_secret = v;
       return true;
     }},
    {"--access-ttl", number_into(o.oauth.access_ttl_s, 1ULL << 40)},
    {"--refresh-ttl", number_into(o.oauth.refresh_ttl_s, 1ULL << 40)},
    {"--rotation-grace", number_into(o.oauth.rotation_grace_s, 1ULL << 40)},
  };
  for (std::size_t i = 0; i < fault_knob_count; ++i) {
    std::string name = fault_knobs[i].name;
    flags[name == "seed" ? "--fault-seed" : flag_of(name)] = [&o, name](const std::string& v) {
      return o.faults.set(name, v);
    };
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--help" || arg == "-h") {
      r.help = true;
      return r;
    }
    if (arg == "--frozen-clock") {
      o.frozen_clock = true;
      continue;
    }
    std::string value;
    auto eq = arg.find('=');
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      r.error = "missing value for " + arg;
      return r;
    }
    auto it = flags.find(arg);
    if (it == flags.end()) {
      r.error = "unknown flag " + arg + " (see --help)";
      return r;
    }
    if (!it->second(value)) {
      r.error = "invalid value for " + arg + ": " + value;
      return r;
    }
  }
  return r;
}

} // namespace upsync::sim
