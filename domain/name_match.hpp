// Matching Upwork people to workspace members by name the way real teams write names:
// any case, accents or not ("José Müller" ~ "Jose Muller"), extra spaces, "Last, First",
// initials ("J. Smith" ~ "John Smith"). Pure functions; the wizard stores the outcome.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace upsync::domain::name_match {

enum class quality { none, close, exact };
const char* to_string(quality q);

/// Lower-case, accents folded to ASCII, punctuation dropped, "Last, First" turned into
/// "first last", single spaces.
std::string normalize(std::string_view name);

/// How well two names (and, when both are known, emails) match:
/// exact — the same name apart from case and spacing, or the same email;
/// close — the same after folding accents, reordering, initials, or one typo in a long name;
/// none  — anything else.
quality compare(std::string_view a_name, std::string_view b_name, std::string_view a_email = {},
                std::string_view b_email = {});

struct person {
  std::string name;
  std::string email;
};

struct candidate {
  std::int64_t id;
  std::string name;
  std::string email;
};

struct suggestion {
  std::optional<std::int64_t> member_id; ///< the best candidate (exact or close)
  quality match = quality::none;
  /// True when another person has an equal claim on the same member: the mapping must be
  /// chosen by hand, never applied silently.
  bool contested = false;
};

/// The best member for each person. A member is suggested to at most one person unless
/// the claims tie, in which case every tied suggestion is marked contested.
std::vector<suggestion> suggest(const std::vector<person>& people, const std::vector<candidate>& members);

} // namespace upsync::domain::name_match
