// Named datasets: the scalable generator or a hand-written preset such as "demo".
#pragma once

#include "sim/dataset.hpp"
#include "sim/generated_dataset.hpp"

#include <memory>
#include <string>

namespace upsync::sim {

/// The demo world: agency "Nomadic Soft", clients "Acme Corp" and "Globex GmbH",
/// freelancer "John Smith"; time relative to `anchor_day`.
std::unique_ptr<dataset> make_demo_dataset(std::uint64_t seed, std::int64_t anchor_day, std::uint32_t days);

/// `preset` is "generated" (or empty) for the scalable generator, or "demo".
/// Throws std::invalid_argument for an unknown name.
std::unique_ptr<dataset> make_dataset(const std::string& preset, const scale_options& scale, std::int64_t anchor_day);

} // namespace upsync::sim
