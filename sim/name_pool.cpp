// Name pools: a mix of scripts and accents so clients are tested with real-world text.
#include "sim/name_pool.hpp"

#include <array>
#include <string_view>

namespace upsync::sim::names {

namespace {

constexpr std::array<std::string_view, 40> first_names = {
  "José",   "Anna",  "Łukasz", "Zoë",    "Mohammed", "Chloé",   "Björn",     "Ana",   "Oleksandr", "Priya",
  "Søren",  "Mei",   "Dmitri", "Fatima", "Jürgen",   "Camille", "Rahul",     "Ines",  "Mateo",     "Yuki",
  "Olga",   "Tomás", "Aisha",  "Kenji",  "Sofía",    "Emre",    "Agnieszka", "Luca",  "Nguyễn",    "Hannah",
  "Andrés", "Elif",  "Wei",    "Marta",  "Kwame",    "Ágnes",   "Sebastián", "Leila", "Ivan",      "Noémie"};

constexpr std::array<std::string_view, 40> last_names = {
  "Müller", "Kowalski", "García", "Ørsted", "Nakamura",  "Dubois",    "Shevchenko", "Patel",   "Rossi",    "Silva",
  "Jansen", "O'Brien",  "Novák",  "Şahin",  "Lindqvist", "Fernández", "Kim",        "Ivanova", "Da Costa", "Schröder",
  "Mensah", "Horváth",  "Chen",   "López",  "Nowak",     "Andersen",  "Kaya",       "Popescu", "Yılmaz",   "Becker",
  "Haddad", "Wójcik",   "Costa",  "Okafor", "Bauer",     "Sørensen",  "Martín",     "Tanaka",  "Petrov",   "Lefèvre"};

constexpr std::array<std::string_view, 20> agency_first = {
  "Nomadic", "Blue Harbor", "Pixel", "Northwind", "Brightline", "Cedar",   "Quantum", "Redwood", "Silverfin", "Atlas",
  "Kraków",  "Lumen",       "Orbit", "Granite",   "Helix",      "Saffron", "Vértice", "Copper",  "Tundra",    "Marlin"};
constexpr std::array<std::string_view, 8> agency_last = {"Soft",  "Labs", "Studio",     "Digital",
                                                         "Works", "Devs", "Collective", "Engineering"};

constexpr std::array<std::string_view, 20> client_first = {
  "Acme",       "Globex",     "Initech", "Umbrella",  "Stark",   "Wayne",     "Hooli",
  "Vandelay",   "Soylent",    "Tyrell",  "Cyberdyne", "Wonka",   "Gringotts", "Münchner",
  "Ollivander", "Pied Piper", "Massive", "Aperture",  "Monarch", "Nakatomi"};
constexpr std::array<std::string_view, 8> client_last = {"Corp",       "Inc",   "GmbH", "Ltd",
                                                         "Industries", "Group", "AG",   "LLC"};

constexpr std::array<std::string_view, 16> titles = {"Backend development",
                                                     "Mobile app (iOS & Android)",
                                                     "Data pipeline maintenance",
                                                     "Shopify store build",
                                                     "UX research & prototypes",
                                                     "DevOps: Kubernetes migration",
                                                     "Customer support (EMEA)",
                                                     "Machine learning: churn model",
                                                     "WordPress site care",
                                                     "React dashboard",
                                                     "QA automation",
                                                     "Technical writing",
                                                     "Growth marketing",
                                                     "Bookkeeping & payroll",
                                                     "Video editing",
                                                     "Data entry – product catalogue"};

constexpr std::array<std::string_view, 16> memos = {"Implemented pagination",
                                                    "Code review",
                                                    "Fixed login bug",
                                                    "Sprint planning call",
                                                    "Refactored billing module",
                                                    "Wrote unit tests",
                                                    "Deployed release 2.3",
                                                    "Investigated slow queries",
                                                    "Design feedback – café screens",
                                                    "Customer tickets",
                                                    "Updated documentation",
                                                    "Pair programming",
                                                    "Database migration",
                                                    "Performance tuning",
                                                    "Weekly sync with client",
                                                    "Resolved merge conflicts"};

constexpr std::array<std::string_view, 8> tasks = {"Epic: checkout", "Maintenance", "Bugfixes",     "Onboarding",
                                                   "Infrastructure", "Research",    "Support rota", "Release"};

template <class A>
std::string pick(prng& rng, const A& pool) {
  return std::string{pool[rng.below(pool.size())]};
}

// Folds the accented letters used above to ASCII; drops what it cannot fold.
std::string ascii_fold(std::string_view s) {
  static constexpr std::pair<std::string_view, char> folds[] = {
    {"á", 'a'}, {"à", 'a'}, {"ä", 'a'}, {"Á", 'a'}, {"é", 'e'}, {"è", 'e'}, {"É", 'e'},
    {"ë", 'e'}, {"í", 'i'}, {"ı", 'i'}, {"ó", 'o'}, {"ö", 'o'}, {"ø", 'o'}, {"Ø", 'o'},
    {"ú", 'u'}, {"ü", 'u'}, {"ñ", 'n'}, {"ł", 'l'}, {"Ł", 'l'}, {"ś", 's'}, {"ş", 's'},
    {"Ş", 's'}, {"ć", 'c'}, {"ż", 'z'}, {"ź", 'z'}, {"ễ", 'e'}, {"ą", 'a'}, {"ę", 'e'}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        out.push_back(static_cast<char>(c));
      else if (c >= 'A' && c <= 'Z')
        out.push_back(static_cast<char>(c - 'A' + 'a'));
      ++i;
      continue;
    }
    bool folded = false;
    for (auto& [from, to] : folds)
      if (s.substr(i, from.size()) == from) {
        out.push_back(to);
        i += from.size();
        folded = true;
        break;
      }
    if (!folded) { // skip one unknown UTF-8 sequence
      ++i;
      while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80)
        ++i;
    }
  }
  return out;
}

} // namespace

person pick_person(prng& rng) {
  auto first = pick(rng, first_names);
  auto last = pick(rng, last_names);
  return {first, last};
}

std::string agency_name(prng& rng) { return pick(rng, agency_first) + " " + pick(rng, agency_last); }

std::string client_name(prng& rng) { return pick(rng, client_first) + " " + pick(rng, client_last); }

std::string contract_title(prng& rng) { return pick(rng, titles); }
std::string memo(prng& rng) { return pick(rng, memos); }
std::string task_description(prng& rng) { return pick(rng, tasks); }

std::string email_local(const person& p) { return ascii_fold(p.first) + "." + ascii_fold(p.last); }

} // namespace upsync::sim::names
