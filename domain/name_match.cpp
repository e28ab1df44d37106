#include "domain/name_match.hpp"

#include <algorithm>
#include <map>

namespace upsync::domain::name_match {

namespace {

// ASCII folds of the Latin letters that names use (Latin-1 Supplement and Latin Extended-A).
const char* fold(std::uint32_t cp) {
  struct entry {
    std::uint32_t from, to;
    const char* ascii;
  };
  static const entry table[] = {
    {0xC0, 0xC5, "a"},   {0xC6, 0xC6, "ae"},  {0xC7, 0xC7, "c"},   {0xC8, 0xCB, "e"},    {0xCC, 0xCF, "i"},
    {0xD0, 0xD0, "d"},   {0xD1, 0xD1, "n"},   {0xD2, 0xD6, "o"},   {0xD8, 0xD8, "o"},    {0xD9, 0xDC, "u"},
    {0xDD, 0xDD, "y"},   {0xDE, 0xDE, "th"},  {0xDF, 0xDF, "ss"},  {0xE0, 0xE5, "a"},    {0xE6, 0xE6, "ae"},
    {0xE7, 0xE7, "c"},   {0xE8, 0xEB, "e"},   {0xEC, 0xEF, "i"},   {0xF0, 0xF0, "d"},    {0xF1, 0xF1, "n"},
    {0xF2, 0xF6, "o"},   {0xF8, 0xF8, "o"},   {0xF9, 0xFC, "u"},   {0xFD, 0xFD, "y"},    {0xFE, 0xFE, "th"},
    {0xFF, 0xFF, "y"},   {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"},  {0x112, 0x11B, "e"},
    {0x11C, 0x123, "g"}, {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x134, 0x135, "j"},  {0x136, 0x138, "k"},
    {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"},
    {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"},  {0x176, 0x178, "y"},
    {0x179, 0x17E, "z"},
  };
  for (const auto& e : table)
    if (cp >= e.from && cp <= e.to)
      return e.ascii;
  return nullptr;
}

// Decodes one UTF-8 sequence; advances `i`. Invalid bytes decode as U+FFFD.
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  std::uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  i += len;
  return cp;
}

// Lower-cases and (when `fold_accents`) folds; punctuation becomes a space, except a comma
// which is kept to detect "Last, First". Letters outside the fold table are kept as UTF-8.
std::string simplify(std::string_view name, bool fold_accents) {
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    std::size_t start = i;
    std::uint32_t cp = next_code_point(name, i);
    if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z')
        out.push_back(static_cast<char>(c - 'A' + 'a'));
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        out.push_back(c);
      else if (c == ',')
        out += " , ";
      else
        out.push_back(' '); // spaces, dots, hyphens, apostrophes
    } else if (fold_accents && fold(cp)) {
      out += fold(cp);
    } else if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
      // Upper-case Latin-1 letter: its lower case is 0x20 higher, same 2-byte shape.
      std::uint32_t lower = cp + 0x20;
      out.push_back(static_cast<char>(0xC0 | (lower >> 6)));
      out.push_back(static_cast<char>(0x80 | (lower & 0x3F)));
    } else {
      out.append(name.substr(start, i - start));
    }
  }
  return out;
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find(' ', pos);
    if (end == std::string::npos)
      end = text.size();
    if (end > pos)
      out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// "smith , john" -> "john smith"; otherwise the words in order.
std::vector<std::string> ordered_words(const std::string& simplified) {
  auto w = words(simplified);
  auto comma = std::find(w.begin(), w.end(), ",");
  if (comma != w.end()) {
    std::vector<std::string> reordered(comma + 1, w.end());
    reordered.insert(reordered.end(), w.begin(), comma);
    w = reordered;
  }
  w.erase(std::remove(w.begin(), w.end(), ","), w.end());
  return w;
}

std::string join(const std::vector<std::string>& w) {
  std::string out;
  for (const auto& s : w)
    out += (out.empty() ? "" : " ") + s;
  return out;
}

// Optimal string alignment distance: a swap of two neighbours ("smiht") counts once.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// "j smith" ~ "john smith": same last word, and every other word equal or an initial of it.
bool initials_match(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size() || a.size() < 2 || a.back() != b.back())
    return false;
  bool used_initial = false;
  for (std::size_t i = 0; i + 1 < a.size(); ++i) {
    if (a[i] == b[i])
      continue;
    if ((a[i].size() == 1 && b[i].front() == a[i].front()) || (b[i].size() == 1 && a[i].front() == b[i].front()))
      used_initial = true;
    else
      return false;
  }
  return used_initial;
}

std::string lower_trimmed(std::string_view email) {
  std::string out;
  for (char c : email)
    if (c != ' ')
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  return out;
}

} // namespace

const char* to_string(quality q) {
  switch (q) {
  case quality::exact: return "exact";
  case quality::close: return "close";
  default: return "none";
  }
}

std::string normalize(std::string_view name) { return join(ordered_words(simplify(name, true))); }

quality compare(std::string_view a_name, std::string_view b_name, std::string_view a_email, std::string_view b_email) {
  if (!a_email.empty() && !b_email.empty() && lower_trimmed(a_email) == lower_trimmed(b_email))
    return quality::exact;
  auto a_plain = join(words(simplify(a_name, false)));
  auto b_plain = join(words(simplify(b_name, false)));
  if (a_plain.empty() || b_plain.empty())
    return quality::none;
  if (a_plain == b_plain)
    return quality::exact;
  auto a = ordered_words(simplify(a_name, true));
  auto b = ordered_words(simplify(b_name, true));
  if (a == b)
    return quality::close; // accents or "Last, First"
  auto a_sorted = a, b_sorted = b;
  std::sort(a_sorted.begin(), a_sorted.end());
  std::sort(b_sorted.begin(), b_sorted.end());
  if (a_sorted == b_sorted)
    return quality::close; // "Smith John"
  if (initials_match(a, b))
    return quality::close;
  auto a_text = join(a), b_text = join(b);
  if (std::min(a_text.size(), b_text.size()) >= 8 && edit_distance(a_text, b_text) <= 1)
    return quality::close; // one typo in a long enough name
  return quality::none;
}

std::vector<suggestion> suggest(const std::vector<person>& people, const std::vector<candidate>& members) {
  std::vector<suggestion> out(people.size());
  for (std::size_t p = 0; p < people.size(); ++p) {
    for (const auto& m : members) {
      auto q = compare(people[p].name, m.name, people[p].email, m.email);
      if (q > out[p].match) {
        out[p].match = q;
        out[p].member_id = m.id;
      }
    }
    if (out[p].match == quality::none)
      out[p].member_id.reset();
  }
  // One member, several claims: the strongest keeps it; equal strongest claims all become
  // contested, weaker ones lose the suggestion.
  std::map<std::int64_t, std::vector<std::size_t>> claims;
  for (std::size_t p = 0; p < out.size(); ++p)
    if (out[p].member_id)
      claims[*out[p].member_id].push_back(p);
  for (auto& [member, claimants] : claims) {
    if (claimants.size() < 2)
      continue;
    quality best = quality::none;
    for (auto p : claimants)
      best = std::max(best, out[p].match);
    std::size_t at_best = 0;
    for (auto p : claimants)
      at_best += out[p].match == best;
    for (auto p : claimants) {
      if (out[p].match < best) {
        out[p].member_id.reset();
        out[p].match = quality::none;
      } else if (at_best > 1) {
        out[p].contested = true;
      }
    }
  }
  return out;
}

} // namespace upsync::domain::name_match
