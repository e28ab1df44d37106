// The few counters the Operators page needs from /metrics (Prometheus text 0.0.4): Upwork
// requests by status, the request rate in force. Only sample lines of the named family are read; HELP/TYPE are skipped.
export interface Sample { labels: Record<string, string>; value: number }

export function samples(text: string, family: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(family)) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/);
    if (!m || m[1] !== family) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    out.push({ labels, value: Number(m[4]) });
  }
  return out;
}
