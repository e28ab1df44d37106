// JSON log lines carry the same keys as the text lines.
#include "app/logging.hpp"

#include <gtest/gtest.h>

using upsync::app::json_log_line;

TEST(logging, key_value_messages_become_json_fields) {
  auto line = json_log_line("2026-08-15T09:00:00.000Z", "info",
                            "http_request request_id=ab12 route=/api/v1/me status=200 error=\"a b\"");
  EXPECT_EQ(line, R"({"ts":"2026-08-15T09:00:00.000Z","level":"info","event":"http_request",)"
                  R"("request_id":"ab12","route":"/api/v1/me","status":"200","error":"a b"})");
}

TEST(logging, free_text_is_kept_as_msg_and_escaped) {
  auto line = json_log_line("t", "warn", "something \"odd\"\nhappened");
  EXPECT_EQ(line, R"({"ts":"t","level":"warn","event":"something","msg":"\"odd\"\nhappened"})");
}
