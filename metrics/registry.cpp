// Atomic updates and the registry's snapshot.
#include "metrics/registry.hpp"

#include <algorithm>
#include <cmath>

namespace upsync::metrics {

namespace {

// std::atomic<double> has no fetch_add before C++20.
void atomic_add(std::atomic<double>& a, double by) {
  double old = a.load(std::memory_order_relaxed);
  while (!a.compare_exchange_weak(old, old + by, std::memory_order_relaxed))
    ;
}

labels with_names(const std::vector<std::string>& names, const std::vector<std::string>& values) {
  labels out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out.emplace_back(names[i], values[i]);
  return out;
}

std::string format_bound(double b) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", b);
  // Shortest text that reads back as the same double: "0.005", not "0.0050000000000000001".
  for (int precision = 1; precision <= 17; ++precision) {
    char shorter[32];
    std::snprintf(shorter, sizeof shorter, "%.*g", precision, b);
    if (std::strtod(shorter, nullptr) == b)
      return shorter;
  }
  return buf;
}

} // namespace

void counter::inc(double by) {
  if (by > 0)
    atomic_add(value_, by);
}

void gauge::add(double by) { atomic_add(value_, by); }

histogram::histogram(std::vector<double> bounds) : bounds_(std::move(bounds)) {
  std::sort(bounds_.begin(), bounds_.end());
  bounds_.erase(std::unique(bounds_.begin(), bounds_.end()), bounds_.end());
  bounds_.erase(std::remove_if(bounds_.begin(), bounds_.end(), [](double b) { return !std::isfinite(b); }),
                bounds_.end());
  buckets_ = std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1);
  for (std::size_t i = 0; i <= bounds_.size(); ++i)
    buckets_[i].store(0, std::memory_order_relaxed);
}

void histogram::observe(double v) {
  auto at = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin(); // le: v <= bound
  buckets_[at].fetch_add(1, std::memory_order_relaxed);
  atomic_add(sum_, v);
  count_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<std::uint64_t> histogram::cumulative() const {
  std::vector<std::uint64_t> out(bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i)
    out[i] = running += buckets_[i].load(std::memory_order_relaxed);
  return out;
}

std::vector<double> exponential_buckets(double start, double factor, std::size_t count) {
  std::vector<double> out;
  for (double b = start; out.size() < count; b *= factor)
    out.push_back(b);
  return out;
}

template <class T>
family<T>& registry::find_or_add(const std::string& name, const std::string& help, metric_type type,
                                 std::vector<std::string> label_names, std::vector<double> bounds,
                                 std::unique_ptr<family<T>> entry::*slot, std::function<std::unique_ptr<T>()> make) {
  std::lock_guard lock{mutex_};
  auto it = families_.find(name);
  if (it == families_.end()) {
    entry e;
    e.type = type;
    e.bounds = bounds;
    e.*slot = std::make_unique<family<T>>(name, help, std::move(label_names), std::move(make));
    it = families_.emplace(name, std::move(e)).first;
  } else if (it->second.type != type || it->second.bounds != bounds
             || (it->second.*slot)->label_names() != label_names) {
    throw std::logic_error("metric " + name + " registered twice with different shapes");
  }
  return *(it->second.*slot);
}

family<counter>& registry::counters(const std::string& name, const std::string& help,
                                    std::vector<std::string> label_names) {
  return find_or_add<counter>(name, help, metric_type::counter, std::move(label_names), {}, &entry::counters,
                              [] { return std::make_unique<counter>(); });
}

family<gauge>& registry::gauges(const std::string& name, const std::string& help,
                                std::vector<std::string> label_names) {
  return find_or_add<gauge>(name, help, metric_type::gauge, std::move(label_names), {}, &entry::gauges,
                            [] { return std::make_unique<gauge>(); });
}

family<histogram>& registry::histograms(const std::string& name, const std::string& help,
                                        std::vector<std::string> label_names, std::vector<double> bounds) {
  return find_or_add<histogram>(name, help, metric_type::histogram, std::move(label_names), bounds, &entry::histograms,
                                [bounds] { return std::make_unique<histogram>(bounds); });
}

void registry::add_collector(collector c) {
  std::lock_guard lock{mutex_};
  collectors_.push_back(std::move(c));
}

std::vector<family_snapshot> registry::collect() const {
  std::vector<family_snapshot> out;
  std::vector<collector> collectors;
  {
    std::lock_guard lock{mutex_};
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
    for (const auto& named : families_) {
      const auto& name = named.first;
      const auto& e = named.second;
      family_snapshot f;
      f.name = name;
      f.type = e.type;
      if (e.type == metric_type::counter) {
        f.help = e.counters->help();
        e.counters->each([&](const std::vector<std::string>& values, const counter& c) {
          f.samples.push_back({"", with_names(e.counters->label_names(), values), c.value()});
        });
      } else if (e.type == metric_type::gauge) {
        f.help = e.gauges->help();
        e.gauges->each([&](const std::vector<std::string>& values, const gauge& g) {
          f.samples.push_back({"", with_names(e.gauges->label_names(), values), g.value()});
        });
      } else {
        f.help = e.histograms->help();
        e.histograms->each([&](const std::vector<std::string>& values, const histogram& h) {
          auto base = with_names(e.histograms->label_names(), values);
          auto counts = h.cumulative();
          for (std::size_t i = 0; i < counts.size(); ++i) {
            auto l = base;
            l.emplace_back("le", i < h.bounds().size() ? format_bound(h.bounds()[i]) : "+Inf");
            f.samples.push_back({"_bucket", std::move(l), static_cast<double>(counts[i])});
          }
          f.samples.push_back({"_sum", base, h.sum()});
          // The +Inf bucket, not a second read of count_, so _count always equals it.
          f.samples.push_back({"_count", base, static_cast<double>(counts.back())});
        });
      }
      out.push_back(std::move(f));
    }
    collectors = collectors_;
  }
  for (const auto& c : collectors)
    for (auto& f : c())
      out.push_back(std::move(f));
  std::stable_sort(out.begin(), out.end(),
                   [](const family_snapshot& a, const family_snapshot& b) { return a.name < b.name; });
  return out;
}

} // namespace upsync::metrics
