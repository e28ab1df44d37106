// The journey's setup through the HTTP API (what a team has before it opens the console),
// and the simulator's truth in the dashboard's units.

export class Api {
  constructor(base, token) {
    this.base = base;
    this.token = token;
  }

  async post(path, body) {
    const r = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`POST ${path}: HTTP ${r.status} ${await r.text()}`);
    return r.json();
  }
}

/// Minutes as the API writes hours: two decimals, half up (as PostgreSQL's numeric round()).
export function hoursOfMinutes(minutes) {
  const cents = Math.floor((minutes * 200 + 60) / 120);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
