// The GraphQL executor: field collection, variable substitution, projection to JSON.
#include "sim/graphql_executor.hpp"

#include "common/json_writer.hpp"
#include "sim/prng.hpp"

#include <algorithm>
#include <map>

namespace upsync::sim::gql {

// -- errors -----------------------------------------------------------------------------

void exec_context::add(const std::string& message, location loc, const std::string& classification, bool with_path) {
  json::writer w;
  w.begin_object().field("message", message).key("locations").begin_array();
  w.begin_object().field("line", loc.line).field("column", loc.column).end_object();
  w.end_array();
  if (with_path && !path.empty()) {
    w.key("path").begin_array();
    for (const auto& p : path) {
      if (!p.empty() && p.front() == '#')
        w.value(static_cast<std::int64_t>(std::stoll(p.substr(1))));
      else
        w.value(p);
    }
    w.end_array();
  }
  w.key("extensions").begin_object().field("classification", classification).end_object();
  w.end_object();
  if (count_++ > 0)
    errors_.push_back(',');
  errors_ += w.str();
}

void exec_context::validation_error(std::string message, location loc) {
  validation_failed_ = true;
  add(message, loc, "ValidationError", false);
}

void exec_context::field_error(std::string message, location loc, const std::string& classification) {
  add(message, loc, classification, true);
}

void exec_context::abort(std::string message, location loc) {
  aborted_ = true;
  add(message, loc, "ExecutionAborted", false);
}

std::string error_response(const std::string& message, location loc, const std::string& classification) {
  exec_context ctx;
  if (classification == "ValidationError")
    ctx.validation_error(message, loc);
  else
    ctx.field_error(message, loc, classification);
  return "{\"errors\":[" + ctx.errors_json() + "]}";
}

namespace {

// -- execution ----------------------------------------------------------------------------

using selections = std::vector<const selection*>;

struct collected_field {
  std::string key;
  selections fields;   ///< every selection answering under `key` (merged)
  selections children; ///< their sub-selections, in order
};

class run {
public:
  run(const document& doc, const value& variables, const exec_options& options, exec_context& ctx)
      : doc_(doc), vars_(variables), opts_(options), ctx_(ctx) {}

  void write_root(const result_object& root, const std::vector<selection>& top) {
    selections sels;
    for (const auto& s : top)
      sels.push_back(&s);
    write_object(root, sels);
  }

  std::vector<std::string> root_field_names(const std::vector<selection>& top) {
    selections sels;
    for (const auto& s : top)
      sels.push_back(&s);
    std::vector<std::string> names;
    for (auto& c : collect(sels))
      names.push_back(c.fields.front()->name);
    return names;
  }

  json::writer out;

private:
  bool included(const selection& s) {
    for (const auto& d : s.directives) {
      if (d.name != "skip" && d.name != "include")
        continue;
      bool cond = false;
      for (const auto& a : d.arguments)
        if (a.name == "if")
          cond = substitute(a.val).as_bool().value_or(false);
      if ((d.name == "skip") == cond)
        return false;
    }
    return true;
  }

  // CollectFields of the GraphQL spec: fragments are flattened, equal response keys merge.
  // Type conditions are not checked: the simulated schema has no unions or interfaces.
  void collect_into(const selections& sels, std::vector<collected_field>& out, int depth) {
    if (depth > 32)
      return;
    for (const auto* s : sels) {
      if (!included(*s))
        continue;
      switch (s->type) {
      case selection::kind::field: {
        auto key = std::string{s->response_key()};
        auto it = std::find_if(out.begin(), out.end(), [&](const collected_field& c) { return c.key == key; });
        if (it == out.end())
          out.push_back({key, {s}, {}});
        else
          it->fields.push_back(s);
        break;
      }
      case selection::kind::fragment_spread: {
        const auto* f = doc_.find_fragment(s->name);
        if (!f) {
          ctx_.validation_error("Undefined fragment " + s->name, s->loc);
          break;
        }
        selections inner;
        for (const auto& c : f->selections)
          inner.push_back(&c);
        collect_into(inner, out, depth + 1);
        break;
      }
      case selection::kind::inline_fragment: {
        selections inner;
        for (const auto& c : s->children)
          inner.push_back(&c);
        collect_into(inner, out, depth + 1);
        break;
      }
      }
    }
  }

  std::vector<collected_field> collect(const selections& sels) {
    std::vector<collected_field> out;
    collect_into(sels, out, 0);
    for (auto& c : out)
      for (const auto* s : c.fields)
        for (const auto& child : s->children)
          c.children.push_back(&child);
    return out;
  }

  // What a selection set collects to depends only on the document and the variables, both
  // fixed for the run, so each set is collected once, not once per object written (a
  // page of 500 rows or a day of 144 cells repeats the same set).
  const std::vector<collected_field>& collected(const selections& sels) {
    auto found = collected_.find(sels);
    if (found == collected_.end())
      found = collected_.emplace(sels, collect(sels)).first;
    return found->second;
  }

  value substitute(const value& v) {
    if (v.type == value::kind::variable) {
      if (const auto* found = vars_.field(v.text))
        return *found;
      return defaults_.count(v.text) ? defaults_.at(v.text) : value{};
    }
    if (v.type != value::kind::list && v.type != value::kind::object)
      return v;
    value copy;
    copy.type = v.type;
    for (const auto& item : v.items)
      copy.items.push_back(substitute(item));
    for (const auto& [k, item] : v.fields)
      copy.fields.emplace_back(k, substitute(item));
    return copy;
  }

  field_args arguments_of(const selection& s) {
    field_args args;
    for (const auto& a : s.arguments)
      args.items.emplace_back(a.name, substitute(a.val));
    return args;
  }

  void write_object(const result_object& obj, const selections& sels) {
    out.begin_object();
    for (const auto& c : collected(sels)) {
      const selection& f = *c.fields.front();
      if (f.name == "__typename") {
        out.key(c.key).value(obj.type);
        continue;
      }
      const result_value* v = obj.find(f.name);
      if (!v) {
        ctx_.validation_error("Validation error (FieldUndefined@[" + path_text(f.name) + "]) : Field '" + f.name
                                + "' in type '" + obj.type + "' is undefined",
                              f.loc);
        continue;
      }
      ctx_.path.push_back(c.key);
      ctx_.current = f.loc;
      result_value resolved;
      const result_value* shown = v;
      if (v->type == result_value::kind::lazy) {
        resolved = (*v->lazy)(arguments_of(f), ctx_);
        shown = &resolved;
      }
      out.key(c.key);
      const selections& children = c.children;
      if (alias_fails(sels)) {
        ctx_.field_error("Exception while fetching data (/" + c.key + ") : Internal server error", f.loc,
                         "DataFetchingException");
        out.null();
      } else if (opts_.partial_failure && !partial_done_ && ctx_.path.size() == 2
                 && (shown->type == result_value::kind::object || shown->type == result_value::kind::list)) {
        partial_done_ = true;
        ctx_.field_error("Exception while fetching data (/" + path_text("") + ") : " + "Internal server error", f.loc,
                         "DataFetchingException");
        out.null();
      } else {
        write_value(*shown, f, children);
      }
      ctx_.path.pop_back();
    }
    out.end_object();
  }

  // An injected failure of one root field among several (exec_options::alias_error_share).
  bool alias_fails(const selections& sels) {
    if (opts_.alias_error_share <= 0 || ctx_.path.size() != 1 || collected(sels).size() < 2)
      return false;
    return prng{opts_.alias_seed, root_fields_drawn_++}.unit() < opts_.alias_error_share;
  }

  std::string path_text(const std::string& last) {
    std::string p;
    for (const auto& part : ctx_.path) {
      if (!p.empty())
        p += "/";
      p += part.front() == '#' ? part.substr(1) : part;
    }
    if (!last.empty())
      p += (p.empty() ? "" : "/") + last;
    return p;
  }

  void write_number(const std::string& digits) {
    if (opts_.numbers_as_strings)
      out.value(digits);
    else
      out.raw(digits);
  }

  void write_value(const result_value& v, const selection& f, const selections& children) {
    using kind = result_value::kind;
    bool leaf = v.type != kind::object && v.type != kind::list && v.type != kind::null;
    if (leaf && !children.empty()) {
      ctx_.validation_error("Validation error (SubselectionNotAllowed@[" + path_text("")
                              + "]) : Sub selection not allowed on leaf type of field '" + f.name + "'",
                            f.loc);
      out.null();
      return;
    }
    switch (v.type) {
    case kind::null:
    case kind::lazy: out.null(); break;
    case kind::boolean: out.value(v.flag); break;
    case kind::integer: write_number(std::to_string(v.integer)); break;
    case kind::decimal: write_number(v.text); break;
    case kind::string: out.value(v.text); break;
    case kind::list:
      out.begin_array();
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        ctx_.path.push_back("#" + std::to_string(i));
        write_value(v.items[i], f, children);
        ctx_.path.pop_back();
      }
      out.end_array();
      break;
    case kind::object:
      if (children.empty()) {
        ctx_.validation_error("Validation error (SubselectionRequired@[" + path_text("")
                                + "]) : Sub selection required for type '" + v.object->type + "' of field '" + f.name
                                + "'",
                              f.loc);
        out.null();
        return;
      }
      write_object(*v.object, children);
      break;
    }
  }

public:
  std::map<std::string, value> defaults_;

private:
  std::map<selections, std::vector<collected_field>> collected_;
  const document& doc_;
  const value& vars_;
  const exec_options& opts_;
  exec_context& ctx_;
  bool partial_done_ = false;
  std::uint64_t root_fields_drawn_ = 0;
};

} // namespace

exec_result execute(const document& doc, std::string_view operation_name, const value& variables,
                    const result_value& root, const exec_options& options) {
  exec_result result;
  exec_context ctx;
  const operation* op = doc.find_operation(operation_name);
  if (!op) {
    result.body =
      error_response(operation_name.empty() ? "Must provide operation name if query contains multiple operations."
                                            : "Unknown operation named '" + std::string{operation_name} + "'.",
                     {}, "ValidationError");
    result.has_errors = true;
    return result;
  }
  if (op->kind != "query") {
    result.body = error_response("Schema is not configured for " + op->kind + "s.", op->loc, "ValidationError");
    result.has_errors = true;
    return result;
  }
  run r{doc, variables, options, ctx};
  for (const auto& def : op->variables)
    if (def.default_value)
      r.defaults_.emplace(def.name, *def.default_value);
  result.root_fields = r.root_field_names(op->selections);
  r.out.key("data");
  r.write_root(*root.object, op->selections);
  result.has_errors = ctx.error_count() > 0;
  if (ctx.has_validation_errors())
    result.body = "{\"errors\":[" + ctx.errors_json() + "]}";
  else if (ctx.aborted())
    result.body = "{\"errors\":[" + ctx.errors_json() + "],\"data\":null}";
  else if (ctx.error_count() > 0)
    result.body = "{\"errors\":[" + ctx.errors_json() + "]," + std::move(r.out).str() + "}";
  else
    result.body = "{" + std::move(r.out).str() + "}";
  return result;
}

} // namespace upsync::sim::gql
