// The metrics core: counters, gauges and fixed-bucket histograms with labels, kept in a
// registry that renders them (see exposition.hpp). Below every other area: it knows no
// actors, no HTTP, no database. Updates are lock-free atomics, so a hot path pays one
// atomic add; only creating a labelled child takes a lock (resolve children once, keep
// the reference).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace upsync::metrics {

enum class metric_type { counter, gauge, histogram };

using labels = std::vector<std::pair<std::string, std::string>>;

/// One exposed line: the family name plus `suffix` (`_bucket`, `_sum`, `_count` or empty).
struct sample {
  std::string suffix;
  metrics::labels labels;
  double value = 0;
};

/// A metric family as rendered: what the registry and collectors hand to the renderer.
struct family_snapshot {
  std::string name;
  std::string help;
  metric_type type = metric_type::gauge;
  std::vector<sample> samples;
};

/// A monotonic count (never goes down).
class counter {
public:
  void inc(double by = 1.0);
  double value() const { return value_.load(std::memory_order_relaxed); }

private:
  std::atomic<double> value_{0};
};

/// A value that goes up and down.
class gauge {
public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void add(double by);
  double value() const { return value_.load(std::memory_order_relaxed); }

private:
  std::atomic<double> value_{0};
};

/// Observations counted into fixed buckets (upper bounds, ascending; +Inf is implicit).
class histogram {
public:
  explicit histogram(std::vector<double> bounds);
  void observe(double v);

  const std::vector<double>& bounds() const { return bounds_; }
  /// Cumulative counts per bound, then the +Inf bucket (= count).
  std::vector<std::uint64_t> cumulative() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_; ///< bounds_.size() + 1 (the +Inf one)
  std::atomic<double> sum_{0};
  std::atomic<std::uint64_t> count_{0};
};

/// Bucket bounds: `count` values from `start`, each `factor` times the previous.
std::vector<double> exponential_buckets(double start, double factor, std::size_t count);

/// A named metric with label names; `with(values)` finds or creates the child for those
/// label values (same order as the names). Children live as long as the family.
template <class T>
class family {
public:
  family(std::string name, std::string help, std::vector<std::string> label_names,
         std::function<std::unique_ptr<T>()> make)
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)), make_(std::move(make)) {}

  T& with(const std::vector<std::string>& values);
  T& only() { return with({}); } ///< the child of a family without labels

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

  /// Calls `f(values, child)` for every child, in label order.
  template <class F>
  void each(F&& f) const {
    std::lock_guard lock{mutex_};
    for (const auto& [values, child] : children_)
      f(values, *child);
  }

private:
  std::string name_, help_;
  std::vector<std::string> label_names_;
  std::function<std::unique_ptr<T>()> make_;
  mutable std::mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<T>> children_;
};

/// Every metric of the process. Families are found or created by name (the same name
/// with another type or labels is a programming error and throws); collectors add
/// families computed when the registry is read (values that live elsewhere, such as the
/// actors' reports or the request budget).
class registry {
public:
  using collector = std::function<std::vector<family_snapshot>()>;

  family<counter>& counters(const std::string& name, const std::string& help,
                            std::vector<std::string> label_names = {});
  family<gauge>& gauges(const std::string& name, const std::string& help, std::vector<std::string> label_names = {});
  family<histogram>& histograms(const std::string& name, const std::string& help, std::vector<std::string> label_names,
                                std::vector<double> bounds);

  void add_collector(collector c);

  /// Every family now: the registry's own, then the collectors', ordered by name.
  std::vector<family_snapshot> collect() const;

private:
  struct entry {
    metric_type type = metric_type::gauge;
    std::unique_ptr<family<counter>> counters;
    std::unique_ptr<family<gauge>> gauges;
    std::unique_ptr<family<histogram>> histograms;
    std::vector<double> bounds;
  };
  template <class T>
  family<T>& find_or_add(const std::string& name, const std::string& help, metric_type type,
                         std::vector<std::string> label_names, std::vector<double> bounds,
                         std::unique_ptr<family<T>> entry::*slot, std::function<std::unique_ptr<T>()> make);

  mutable std::mutex mutex_;
  std::map<std::string, entry> families_;
  std::vector<collector> collectors_;
};

// -- implementation of the family template -------------------------------------------------

template <class T>
T& family<T>::with(const std::vector<std::string>& values) {
  std::lock_guard lock{mutex_};
  auto it = children_.find(values);
  if (it == children_.end()) {
    if (values.size() != label_names_.size())
      throw std::invalid_argument(name_ + ": " + std::to_string(label_names_.size()) + " label values expected");
    it = children_.emplace(values, make_()).first;
  }
  return *it->second;
}

} // namespace upsync::metrics
