// Can Chromium start here? run.sh skips the browser tests (exit 77) only when it cannot;
// anything that goes wrong after a successful start is a failure.
import { launch } from './browser.mjs';

try {
  const browser = await launch();
  await browser.close();
} catch (e) {
  console.error(`Chromium did not start: ${e.message.split('\n')[0]}`);
  process.exit(1);
}
