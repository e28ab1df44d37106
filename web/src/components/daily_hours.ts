// Synced hours per UTC day of the last two weeks for an organization. The status API has
// no per-day figures, so they are summed from each contract's reconciliation
// (GET /api/v1/upwork/contracts/{id}/reconciliation, 14 days by default): its
// synced_seconds is the synced time still present and unedited, per UTC day.
import { get, seg } from '../api';
import type { Reconciliation, StatusContract } from '../types';
import type { DayValue } from './hours_chart';

// One request per contract; an organization with more is summed over its first ones, and
// the page says so.
export const chartContractLimit = 40;

export function chartedContracts(contracts: StatusContract[]): StatusContract[] {
  return contracts.filter((c) => c.syncing || c.closing || c.recent_entries.length > 0).slice(0, chartContractLimit);
}

export async function dailyHours(contracts: StatusContract[]): Promise<DayValue[]> {
  const reports = await Promise.all(
    contracts.map((c) => get<Reconciliation>(`/api/v1/upwork/contracts/${seg(c.id)}/reconciliation`)));
  const sums = new Map<string, number>();
  for (const r of reports) for (const d of r.days) sums.set(d.date, (sums.get(d.date) ?? 0) + d.synced_seconds);
  if (sums.size === 0) return lastDays(14).map((date) => ({ date, seconds: 0 }));
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, seconds]) => ({ date, seconds }));
}

/// The last `n` UTC dates (YYYY-MM-DD), today last: the chart's days when nothing synced yet.
function lastDays(n: number): string[] {
  const today = Date.now();
  return Array.from({ length: n }, (_, i) => new Date(today - (n - 1 - i) * 86400000).toISOString().slice(0, 10));
}
