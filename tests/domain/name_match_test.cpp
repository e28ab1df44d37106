// Name matching as real teams need it (issue 6): case, accents, spaces, order, initials,
// and never two Upwork people silently on one member.
#include "domain/name_match.hpp"

#include <gtest/gtest.h>

using namespace upsync::domain::name_match;

TEST(name_match, case_and_spacing_are_exact) {
  EXPECT_EQ(compare("John Smith", "john  smith "), quality::exact);
  EXPECT_EQ(compare("JOSÉ MÜLLER", "josé müller"), quality::exact);
}

TEST(name_match, accents_order_and_initials_are_close) {
  EXPECT_EQ(compare("José Müller", "Jose Muller"), quality::close);
  EXPECT_EQ(compare("Zoë Ørsted", "Zoe Orsted"), quality::close);
  EXPECT_EQ(compare("Smith, John", "John Smith"), quality::close);
  EXPECT_EQ(compare("Smith John", "John Smith"), quality::close);
  EXPECT_EQ(compare("J. Smith", "John Smith"), quality::close);
  EXPECT_EQ(compare("Jonathan Smiht", "Jonathan Smith"), quality::close);
}

TEST(name_match, different_people_do_not_match) {
  EXPECT_EQ(compare("John Smith", "Jane Smith"), quality::none);
  EXPECT_EQ(compare("J. Smith", "K. Smith"), quality::none);
  EXPECT_EQ(compare("Ann Lee", "Ann Li"), quality::none); // too short for a typo allowance
  EXPECT_EQ(compare("", "John Smith"), quality::none);
  EXPECT_EQ(compare("...", "..."), quality::none);
}

TEST(name_match, the_same_email_is_exact_whatever_the_name) {
  EXPECT_EQ(compare("JS", "John Smith", "John@Example.com", "john@example.com"), quality::exact);
}

TEST(name_match, normalize_folds_everything_that_does_not_matter) {
  EXPECT_EQ(normalize("  Müller,  José-María "), "jose maria muller");
}

TEST(name_match, suggestions_pick_the_best_member) {
  std::vector<candidate> members{{1, "Jose Muller", ""}, {2, "John Smith", ""}, {3, "Ana Lima", ""}};
  auto s = suggest({{"José Müller", ""}, {"john smith", ""}, {"Nobody Known", ""}}, members);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].member_id, 1);
  EXPECT_EQ(s[0].match, quality::close);
  EXPECT_EQ(s[1].member_id, 2);
  EXPECT_EQ(s[1].match, quality::exact);
  EXPECT_FALSE(s[2].member_id);
  EXPECT_EQ(s[2].match, quality::none);
}

TEST(name_match, two_people_never_land_silently_on_one_member) {
  std::vector<candidate> members{{7, "John Smith", ""}};
  // The exact claim wins over the close one.
  auto s = suggest({{"John Smith", ""}, {"J. Smith", ""}}, members);
  EXPECT_EQ(s[0].member_id, 7);
  EXPECT_FALSE(s[0].contested);
  EXPECT_FALSE(s[1].member_id);
  // Equal claims are both marked contested: a person must choose.
  auto tie = suggest({{"John Smith", ""}, {"john smith", ""}}, members);
  EXPECT_TRUE(tie[0].contested);
  EXPECT_TRUE(tie[1].contested);
}
