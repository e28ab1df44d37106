// The GraphQL mini-parser: a lexer over the source and a recursive-descent grammar. One
// file over 400 lines on purpose: the grammar's productions call each other and read best
// together, as the grammar does.
#include "sim/graphql_parser.hpp"

#include <cctype>
#include <stdexcept>

namespace upsync::sim::gql {

namespace {

struct failure {
  std::string message;
  location loc;
};

class parser {
public:
  explicit parser(std::string_view src) : src_(src) {}

  document parse_document() {
    document doc;
    skip_ignored();
    if (at_end())
      fail("Syntax Error: Unexpected <EOF>");
    while (!at_end()) {
      if (peek() == '{') {
        operation op;
        op.loc = here();
        op.selections = parse_selection_set();
        doc.operations.push_back(std::move(op));
      } else {
        auto loc = here();
        auto word = parse_name();
        if (word == "query" || word == "mutation" || word == "subscription")
          doc.operations.push_back(parse_operation(std::move(word), loc));
        else if (word == "fragment")
          doc.fragments.push_back(parse_fragment(loc));
        else
          fail("Syntax Error: Unexpected Name \"" + word + "\"", loc);
      }
      skip_ignored();
    }
    return doc;
  }

private:
  // -- lexing -------------------------------------------------------------------

  bool at_end() const { return pos_ >= src_.size(); }
  char peek() const { return at_end() ? '\0' : src_[pos_]; }

  location here() const { return {line_, static_cast<int>(pos_ - line_start_) + 1}; }

  [[noreturn]] void fail(std::string message) const { fail(std::move(message), here()); }
  [[noreturn]] void fail(std::string message, location loc) const { throw failure{std::move(message), loc}; }

  void advance() {
    if (src_[pos_] == '\n') {
      ++line_;
      line_start_ = pos_ + 1;
    }
    ++pos_;
  }

  // Whitespace, commas, a byte-order mark and comments carry no meaning in GraphQL.
  void skip_ignored() {
    while (!at_end()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
        advance();
      } else if (c == '#') {
        while (!at_end() && peek() != '\n')
          advance();
      } else if (src_.substr(pos_, 3) == "\xEF\xBB\xBF") {
        pos_ += 3;
      } else {
        break;
      }
    }
  }

  void expect(char c) {
    skip_ignored();
    if (peek() != c)
      fail(std::string("Syntax Error: Expected \"") + c + "\", found "
           + (at_end() ? std::string("<EOF>") : "\"" + std::string(1, peek()) + "\""));
    advance();
    skip_ignored();
  }

  bool accept(char c) {
    skip_ignored();
    if (peek() != c)
      return false;
    advance();
    skip_ignored();
    return true;
  }

  static bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
  static bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

  std::string parse_name() {
    skip_ignored();
    if (!name_start(peek()))
      fail(at_end() ? "Syntax Error: Expected Name, found <EOF>"
                    : "Syntax Error: Expected Name, found \"" + std::string(1, peek()) + "\"");
    auto begin = pos_;
    while (!at_end() && name_char(peek()))
      advance();
    std::string name{src_.substr(begin, pos_ - begin)};
    skip_ignored();
    return name;
  }

  // -- definitions ----------------------------------------------------------------

  operation parse_operation(std::string kind, location loc) {
    operation op;
    op.kind = std::move(kind);
    op.loc = loc;
    if (name_start(peek()))
      op.name = parse_name();
    if (accept('('))
      while (!accept(')'))
        op.variables.push_back(parse_variable_definition());
    parse_directives();
    op.selections = parse_selection_set();
    return op;
  }

  fragment parse_fragment(location loc) {
    fragment f;
    f.loc = loc;
    f.name = parse_name();
    if (f.name == "on")
      fail("Syntax Error: Unexpected Name \"on\"");
    if (parse_name() != "on")
      fail("Syntax Error: Expected \"on\"");
    f.type_condition = parse_name();
    parse_directives();
    f.selections = parse_selection_set();
    return f;
  }

  variable_definition parse_variable_definition() {
    variable_definition def;
    expect('$');
    def.name = parse_name();
    expect(':');
    def.type = parse_type();
    if (accept('='))
      def.default_value = parse_value(true);
    parse_directives();
    return def;
  }

  std::string parse_type() {
    std::string t;
    if (accept('[')) {
      t = "[" + parse_type() + "]";
      expect(']');
    } else {
      t = parse_name();
    }
    if (accept('!'))
      t += "!";
    return t;
  }

  std::vector<directive> parse_directives() {
    std::vector<directive> out;
    while (accept('@')) {
      directive d;
      d.name = parse_name();
      if (peek() == '(')
        d.arguments = parse_arguments();
      out.push_back(std::move(d));
    }
    return out;
  }

  // -- selections -------------------------------------------------------------------

  // Bounds recursion so a hostile body cannot exhaust the stack.
  struct depth_guard {
    parser& p;
    explicit depth_guard(parser& owner) : p(owner) {
      if (++p.depth_ > 64)
        p.fail("Syntax Error: Document nested too deeply");
    }
    ~depth_guard() { --p.depth_; }
  };

  std::vector<selection> parse_selection_set() {
    depth_guard guard{*this};
    expect('{');
    std::vector<selection> out;
    if (peek() == '}')
      fail("Syntax Error: Expected Name, found \"}\"");
    while (!accept('}')) {
      if (at_end())
        fail("Syntax Error: Expected Name, found <EOF>");
      out.push_back(parse_selection());
    }
    return out;
  }

  selection parse_selection() {
    selection s;
    s.loc = here();
    if (src_.substr(pos_, 3) == "...") {
      pos_ += 3;
      skip_ignored();
      if (name_start(peek())) {
        auto name = parse_name();
        if (name == "on") {
          s.type = selection::kind::inline_fragment;
          s.type_condition = parse_name();
        } else {
          s.type = selection::kind::fragment_spread;
          s.name = std::move(name);
          s.directives = parse_directives();
          return s;
        }
      } else {
        s.type = selection::kind::inline_fragment;
      }
      s.directives = parse_directives();
      s.children = parse_selection_set();
      return s;
    }
    s.name = parse_name();
    if (accept(':')) {
      s.alias = std::move(s.name);
      s.name = parse_name();
    }
    if (peek() == '(')
      s.arguments = parse_arguments();
    s.directives = parse_directives();
    if (peek() == '{')
      s.children = parse_selection_set();
    return s;
  }

  std::vector<argument> parse_arguments() {
    expect('(');
    std::vector<argument> out;
    if (peek() == ')')
      fail("Syntax Error: Expected Name, found \")\"");
    while (!accept(')')) {
      argument a;
      a.loc = here();
      a.name = parse_name();
      expect(':');
      a.val = parse_value(false);
      out.push_back(std::move(a));
    }
    return out;
  }

  // -- values -------------------------------------------------------------------------

  value parse_value(bool is_const) {
    depth_guard guard{*this};
    skip_ignored();
    value v;
    char c = peek();
    if (c == '$') {
      if (is_const)
        fail("Syntax Error: Unexpected variable in a constant value");
      advance();
      v.type = value::kind::variable;
      v.text = parse_name();
    } else if (c == '[') {
      expect('[');
      v.type = value::kind::list;
      while (!accept(']')) {
        if (at_end())
          fail("Syntax Error: Expected \"]\", found <EOF>");
        v.items.push_back(parse_value(is_const));
      }
    } else if (c == '{') {
      expect('{');
      v.type = value::kind::object;
      while (!accept('}')) {
        auto name = parse_name();
        expect(':');
        v.fields.emplace_back(std::move(name), parse_value(is_const));
      }
    } else if (c == '"') {
      v.type = value::kind::string;
      v.text = parse_string();
    } else if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
      parse_number(v);
    } else if (name_start(c)) {
      auto name = parse_name();
      if (name == "true" || name == "false") {
        v.type = value::kind::boolean;
        v.flag = name == "true";
      } else if (name == "null") {
        v.type = value::kind::null;
      } else {
        v.type = value::kind::enumeration;
        v.text = std::move(name);
      }
    } else {
      fail(at_end() ? "Syntax Error: Unexpected <EOF>" : "Syntax Error: Unexpected \"" + std::string(1, c) + "\"");
    }
    skip_ignored();
    return v;
  }

  void parse_number(value& v) {
    auto begin = pos_;
    bool floating = false;
    if (peek() == '-')
      advance();
    if (!std::isdigit(static_cast<unsigned char>(peek())))
      fail("Syntax Error: Invalid number, expected digit");
    while (std::isdigit(static_cast<unsigned char>(peek())))
      advance();
    if (peek() == '.') {
      floating = true;
      advance();
      if (!std::isdigit(static_cast<unsigned char>(peek())))
        fail("Syntax Error: Invalid number, expected digit");
      while (std::isdigit(static_cast<unsigned char>(peek())))
        advance();
    }
    if (peek() == 'e' || peek() == 'E') {
      floating = true;
      advance();
      if (peek() == '+' || peek() == '-')
        advance();
      if (!std::isdigit(static_cast<unsigned char>(peek())))
        fail("Syntax Error: Invalid number, expected digit");
      while (std::isdigit(static_cast<unsigned char>(peek())))
        advance();
    }
    if (name_start(peek()) || peek() == '.')
      fail("Syntax Error: Invalid number");
    v.type = floating ? value::kind::floating : value::kind::integer;
    v.text = std::string{src_.substr(begin, pos_ - begin)};
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  unsigned parse_hex4() {
    unsigned cp = 0;
    for (int i = 0; i < 4; ++i) {
      char h = peek();
      if (!std::isxdigit(static_cast<unsigned char>(h)))
        fail("Syntax Error: Invalid Unicode escape sequence");
      cp = cp * 16
           + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h))
                                     ? h - '0'
                                     : std::tolower(static_cast<unsigned char>(h)) - 'a' + 10);
      advance();
    }
    return cp;
  }

  std::string parse_string() {
    std::string out;
    if (src_.substr(pos_, 3) == "\"\"\"") { // block string: raw up to the closing quotes
      pos_ += 3;
      while (src_.substr(pos_, 3) != "\"\"\"") {
        if (at_end())
          fail("Syntax Error: Unterminated string");
        if (src_.substr(pos_, 4) == "\\\"\"\"") {
          out += "\"\"\"";
          pos_ += 4;
          continue;
        }
        out.push_back(peek());
        advance();
      }
      pos_ += 3;
      return out;
    }
    advance(); // opening quote
    while (true) {
      if (at_end() || peek() == '\n' || peek() == '\r')
        fail("Syntax Error: Unterminated string");
      char c = peek();
      advance();
      if (c == '"')
        break;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      char e = peek();
      advance();
      switch (e) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        unsigned cp = parse_hex4();
        if (cp >= 0xD800 && cp <= 0xDBFF && src_.substr(pos_, 2) == "\\u") {
          pos_ += 2;
          unsigned low = parse_hex4();
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, cp);
        break;
      }
      default: fail("Syntax Error: Invalid character escape sequence");
      }
    }
    return out;
  }

  std::string_view src_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
  int depth_ = 0;
};

} // namespace

std::variant<document, parse_error> parse(std::string_view source) {
  try {
    return parser{source}.parse_document();
  } catch (const failure& f) {
    return parse_error{f.message, f.loc};
  }
}

} // namespace upsync::sim::gql
