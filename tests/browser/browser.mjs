// Debian's Chromium through playwright-core: no browser is downloaded. As root Chromium
// refuses its sandbox, so it runs without one there (the tests open only our own pages).
import { chromium } from 'playwright-core';

export function launch() {
  const args = process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [];
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [...args, '--disable-dev-shm-usage'],
    timeout: 60_000,
  });
}
