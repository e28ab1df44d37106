// What a benchmark reports about the machine and the processes it measures: core count,
// CPU model, memory, load (other builds share the cores), and a process's resident memory
// and CPU time read from /proc.
#pragma once

#include "common/json_writer.hpp"

#include <cstdint>
#include <string>
#include <vector>
#include <sys/types.h>

namespace upsync::bench {

struct machine_facts {
  unsigned nproc = 0;
  std::string cpu;
  std::int64_t mem_total_kib = 0;
};

machine_facts machine();

/// The 1-minute load average: above the core count, other work competed for the CPU.
double load_average();

/// VmRSS of `pid` (0 = this process) in KiB; 0 when the process is gone.
std::int64_t rss_kib(pid_t pid = 0);
/// VmHWM (peak resident memory) of `pid` (0 = this process) in KiB.
std::int64_t peak_rss_kib(pid_t pid = 0);
/// User + system CPU seconds `pid` (0 = this process) has used so far.
double cpu_seconds(pid_t pid = 0);

/// CPU seconds of `pid` and of every process it started: its own, its reaped children's
/// (a server's ended connections) and its live children's. For a database server's
/// postmaster this is the whole server's CPU.
double process_tree_cpu_seconds(pid_t pid);

/// The threads of this process now (their ids).
std::vector<pid_t> own_threads();
/// User + system CPU seconds of these threads of this process (ended ones count 0).
double threads_cpu_seconds(const std::vector<pid_t>& threads);

/// Writes "machine": {nproc, cpu, mem_total_kib, loadavg_1m_before, loadavg_1m_after, note}.
void write_machine(json::writer& w, double load_before, double load_after, const std::string& note);

} // namespace upsync::bench
