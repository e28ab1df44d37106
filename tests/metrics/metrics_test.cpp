// The metrics core and its Prometheus rendering, checked by the strict parser, and the
// parser itself refusing what is malformed.
#include "metrics/exposition.hpp"
#include "metrics/registry.hpp"
#include "tests/metrics/exposition_parser.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <thread>

using namespace upsync;
using upsync::testing::exposition;
using upsync::testing::exposition_error;

TEST(metrics_registry, counters_gauges_and_histograms_render_as_valid_exposition) {
  metrics::registry r;
  auto& requests = r.counters("upsync_test_requests_total", "Requests.", {"route", "status"});
  requests.with({"/a/{id}", "200"}).inc();
  requests.with({"/a/{id}", "200"}).inc(2);
  requests.with({"/b", "500"}).inc();
  r.gauges("upsync_test_queue", "Queue depth.").only().set(7);
  auto& latency = r.histograms("upsync_test_seconds", "Latency.", {"route"}, {0.01, 0.1, 1});
  latency.with({"/a"}).observe(0.005);
  latency.with({"/a"}).observe(0.05);
  latency.with({"/a"}).observe(5);

  exposition e{metrics::render(r.collect())};
  EXPECT_EQ(e.families().at("upsync_test_requests_total").type, "counter");
  EXPECT_EQ(e.sum("upsync_test_requests_total", {{"route", "/a/{id}"}, {"status", "200"}}), 3);
  EXPECT_EQ(e.sum("upsync_test_requests_total"), 4);
  EXPECT_EQ(e.sum("upsync_test_queue"), 7);
  EXPECT_EQ(e.sum("upsync_test_seconds_bucket", {{"le", "0.01"}}), 1);
  EXPECT_EQ(e.sum("upsync_test_seconds_bucket", {{"le", "0.1"}}), 2);
  EXPECT_EQ(e.sum("upsync_test_seconds_bucket", {{"le", "1"}}), 2);
  EXPECT_EQ(e.sum("upsync_test_seconds_bucket", {{"le", "+Inf"}}), 3);
  EXPECT_EQ(e.sum("upsync_test_seconds_count"), 3);
  EXPECT_DOUBLE_EQ(e.sum("upsync_test_seconds_sum"), 5.055);
}

TEST(metrics_registry, a_family_announced_without_samples_still_has_help_and_type) {
  metrics::registry r;
  r.counters("upsync_test_none_total", "Nothing yet.", {"kind"});
  auto text = metrics::render(r.collect());
  EXPECT_EQ(text, "# HELP upsync_test_none_total Nothing yet.\n# TYPE upsync_test_none_total counter\n");
  exposition e{text};
  EXPECT_TRUE(e.has("upsync_test_none_total"));
}

TEST(metrics_registry, the_same_name_returns_the_same_family_and_another_shape_is_refused) {
  metrics::registry r;
  auto& a = r.counters("upsync_test_total", "A.", {"x"});
  auto& b = r.counters("upsync_test_total", "A.", {"x"});
  EXPECT_EQ(&a, &b);
  EXPECT_THROW(r.gauges("upsync_test_total", "A.", {"x"}), std::logic_error);
  EXPECT_THROW(r.counters("upsync_test_total", "A.", {"y"}), std::logic_error);
  EXPECT_THROW(a.with({"1", "2"}), std::invalid_argument);
}

TEST(metrics_registry, help_and_label_values_are_escaped_and_read_back_unchanged) {
  metrics::registry r;
  r.gauges("upsync_test_escape", "A \\ backslash\nand a newline.", {"v"}).with({"q\"uote\\ and\nline"}).set(1);
  auto text = metrics::render(r.collect());
  EXPECT_NE(text.find(R"(v="q\"uote\\ and\nline")"), std::string::npos) << text;
  exposition e{text};
  EXPECT_EQ(e.families().at("upsync_test_escape").help, "A \\ backslash\nand a newline.");
  EXPECT_TRUE(e.any("upsync_test_escape", {{"v", "q\"uote\\ and\nline"}}));
}

TEST(metrics_registry, counters_never_go_down_and_concurrent_adds_are_not_lost) {
  metrics::registry r;
  auto& c = r.counters("upsync_test_adds_total", "Adds.").only();
  auto& h = r.histograms("upsync_test_h", "H.", {}, {1}).only();
  c.inc(-5);
  EXPECT_EQ(c.value(), 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.inc();
        h.observe(0.5);
      }
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(c.value(), 40000);
  EXPECT_EQ(h.count(), 40000u);
  EXPECT_EQ(h.cumulative().front(), 40000u);
}

TEST(metrics_registry, collectors_add_families_computed_when_read) {
  metrics::registry r;
  int calls = 0;
  r.add_collector([&] {
    ++calls;
    return std::vector<metrics::family_snapshot>{
      {"upsync_test_collected", "Computed.", metrics::metric_type::gauge, {{"", {{"k", "v"}}, 42}}}};
  });
  exposition e{metrics::render(r.collect())};
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(e.sum("upsync_test_collected", {{"k", "v"}}), 42);
}

TEST(metrics_exposition, values_render_as_prometheus_reads_them) {
  EXPECT_EQ(metrics::format_value(3), "3");
  EXPECT_EQ(metrics::format_value(0.25), "0.25");
  EXPECT_EQ(metrics::format_value(INFINITY), "+Inf");
  EXPECT_EQ(metrics::format_value(-INFINITY), "-Inf");
  EXPECT_EQ(metrics::format_value(NAN), "NaN");
  EXPECT_THROW(metrics::render({{"bad-name", "x", metrics::metric_type::gauge, {}}}), std::invalid_argument);
  EXPECT_THROW(metrics::render({{"ok", "x", metrics::metric_type::gauge, {{"", {{"__reserved", "v"}}, 1}}}}),
               std::invalid_argument);
}

// -- the parser refuses what is malformed ------------------------------------------------------

namespace {
const std::string head = "# HELP m_total M.\n# TYPE m_total counter\n";
const std::string hist_head = "# HELP h H.\n# TYPE h histogram\n";
} // namespace

TEST(exposition_parser, accepts_a_well_formed_text) {
  EXPECT_NO_THROW(exposition{head + "m_total{a=\"1\",b=\"x\\\"y\"} 3\nm_total 1 1700000000000\n"});
  EXPECT_NO_THROW(exposition{hist_head + "h_bucket{le=\"0.1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 0.3\nh_count 2\n"});
}

TEST(exposition_parser, refuses_malformed_lines) {
  for (const std::string bad : {
         head + "m_total{a=1} 3\n",                                         // unquoted label value
         head + "m_total{a=\"1\" 3\n",                                      // unterminated label set
         head + "m_total{a=\"\\x\"} 3\n",                                   // bad escape
         head + "m_total{a=\"1\",a=\"2\"} 3\n",                             // repeated label
         head + "m_total{1a=\"1\"} 3\n",                                    // bad label name
         head + "m_total{__a=\"1\"} 3\n",                                   // reserved label name
         head + "m_total  3\n",                                             // two spaces
         head + "m_total three\n",                                          // not a number
         head + "m_total 3 x\n",                                            // bad timestamp
         head + "m_total -1\n",                                             // negative counter
         head + "m_total 3",                                                // no final newline
         head + "m_total 3\nm_total 4\n",                                   // duplicate series
         std::string{"# HELP m M.\n# HELP m M.\n# TYPE m gauge\nm 1\n"},    // second HELP
         std::string{"# HELP m M.\n# TYPE m gauge\n# TYPE m gauge\nm 1\n"}, // second TYPE
         std::string{"# HELP m M.\n# TYPE m gauge\nm 1\n# TYPE m gauge\n"}, // TYPE after samples
         std::string{"# HELP m M.\n# TYPE m wobble\nm 1\n"},                // unknown type
         std::string{"# HELP m M.\\t\n# TYPE m gauge\nm 1\n"},              // bad HELP escape
         std::string{"m 1\n"},                                              // no HELP or TYPE
         std::string{
           "# HELP a A.\n# TYPE a gauge\na 1\n# HELP b B.\n# TYPE b gauge\nb 1\na{x=\"1\"} 2\n"}, // split family
       })
    EXPECT_THROW(exposition{bad}, exposition_error) << bad;
}

TEST(exposition_parser, refuses_histograms_that_are_not_cumulative_ascending_and_closed) {
  for (const std::string bad : {
         hist_head + "h_bucket{le=\"0.1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 0\nh_count 1\n", // not cumulative
         hist_head + "h_bucket{le=\"1\"} 1\nh_bucket{le=\"0.1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 0\nh_count 1\n",
         hist_head + "h_bucket{le=\"0.1\"} 1\nh_sum 0\nh_count 1\n",  // no +Inf
         hist_head + "h_bucket{le=\"+Inf\"} 2\nh_sum 0\nh_count 1\n", // count differs
         hist_head + "h_bucket{le=\"+Inf\"} 1\nh_count 1\n",          // no sum
         hist_head + "h 1\n",                                         // no suffix
       })
    EXPECT_THROW(exposition{bad}, exposition_error) << bad;
}
