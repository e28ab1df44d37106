// Realistic names for generated people, companies, contracts and work-diary memos.
#pragma once

#include "sim/prng.hpp"

#include <string>

namespace upsync::sim::names {

struct person {
  std::string first;
  std::string last;
  std::string full() const { return first + " " + last; }
};

person pick_person(prng& rng);
std::string agency_name(prng& rng);
std::string client_name(prng& rng);
std::string contract_title(prng& rng);
std::string memo(prng& rng);
std::string task_description(prng& rng);

/// Lower-case ASCII local part for an e-mail address: "José Müller" -> "jose.muller".
std::string email_local(const person& p);

} // namespace upsync::sim::names
