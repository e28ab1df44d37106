// The web console's journey in a real browser (issue 18's acceptance), against the upsyncd,
// PostgreSQL and upwork-sim that run.sh starts: sign in, connect through the simulator's
// consent redirect, the three wizard steps (a suggestion, a manual choice, a member and a
// project created inline, rates, one refused input), start sync, the import finishing, the
// dashboard's hours equal to the simulator's truth, sync now and the sync history (the first
// import among its runs), unlock and change a mapping, Upwork revoking the grant,
// re-authorize, disconnect, the Workspace page (a sign-in token created and revoked, a role,
// a project renamed and archived, a webhook URL the SSRF rule refuses), the Operators page,
// sign out. Every element is found by its role and accessible name (getByRole/getByLabel:
// the names the console promises its users and these tests alike); every wait is for a
// condition, never for time. Each step saves a screenshot (SCREENSHOT_DIR/NN-step.png).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch } from './browser.mjs';
import { Api, hoursOfMinutes } from './world.mjs';

const base = process.env.BASE_URL;
const sim = process.env.SIM_URL;
const token = process.env.UPSYNC_TOKEN;
const shots = process.env.SCREENSHOT_DIR;
assert.ok(base && sim && token && shots, 'run through run.sh: BASE_URL, SIM_URL, UPSYNC_TOKEN, SCREENSHOT_DIR');

const api = new Api(base, token);
const agency = 'Nomadic Soft';
const importTimeout = 240_000;
let browser;
let page;
let shot = 0;
let broken; // the first failed step: later steps are skipped, not failed again

async function snap(name) {
  shot += 1;
  await page.screenshot({ path: `${shots}/${String(shot).padStart(2, '0')}-${name}.png`, fullPage: true });
}

// One step of the journey: skipped once an earlier one failed (they build on each other).
function step(name, fn) {
  test(name, { timeout: importTimeout + 60_000 }, async (t) => {
    if (broken) return t.skip(`after the failed step "${broken}"`);
    try {
      await fn();
    } catch (e) {
      broken = name;
      await snap(`failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => {});
      throw e;
    }
  });
}

// An action that saves through the API: wait for the answer it causes.
async function saving(action, method = 'PATCH') {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === method && r.url().includes('/api/v1/')),
    action(),
  ]);
  return response;
}

const heading = (name) => page.getByRole('heading', { name, exact: true });
const selectedLabel = (select) => select.evaluate((s) => s.selectedOptions[0]?.textContent?.trim() ?? '');

before(async () => {
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  // Members and a project the team already has, so that matching has something to find.
  await api.post('/api/v1/members', { name: 'Olena Kovalenko', email: 'olena@nomadicsoft.example' });
  await api.post('/api/v1/members', { name: 'Jose Muller', email: 'jose@nomadicsoft.example' });
  await api.post('/api/v1/members', { name: 'Mia Manual', email: 'mia@nomadicsoft.example' });
  await api.post('/api/v1/projects', { name: 'Platform', billable: true });
  // Time worked earlier today, so that "hours today" is not a trivial 0.00 however early
  // the test runs: whole 10-minute cells that have ended on the simulator's (frozen) clock.
  const contracts = await simContracts();
  for (const [title, cells] of [['Backend development', 9], ['Mobile app (iOS & Android)', 4]])
    await addTimeToday(contracts.get(title), cells);
});

after(async () => {
  await browser?.close();
});

step('sign in (a wrong token is refused in words)', async () => {
  await page.goto(`${base}/`);
  await heading('Sign in').waitFor();
  await page.getByLabel('API token').fill('upsync_not-a-real-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const refusal = page.getByRole('alert');
  await refusal.waitFor();
  assert.notEqual((await refusal.innerText()).trim(), '', 'the refusal says why');
  await snap('sign-in-refused');
  // By keyboard this time: Enter in the field signs in.
  await page.getByLabel('API token').fill(token);
  await page.getByLabel('API token').press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.getByRole('link', { name: 'Integrations' }).first().click();
  await heading('Integrations').waitFor();
  await snap('integrations-empty');
});

step('connect through the simulator\'s consent redirect', async () => {
  await Promise.all([
    page.waitForURL(/\/console\/wizard\?connection=/, { timeout: 30_000 }),
    page.getByRole('button', { name: 'Connect Upwork' }).click(),
  ]);
  await heading('Accounts').waitFor();
  // Discovery may still run: the organizations appear when it is done.
  for (const org of [agency, 'Acme Corp', 'John Smith', 'Globex GmbH']) {
    const box = page.getByRole('checkbox', { name: org, exact: true });
    await box.waitFor({ timeout: 60_000 });
    assert.equal(await box.isChecked(), true, `${org} is preselected`);
  }
  await page.getByLabel('Sync scope').waitFor();
  assert.equal(await page.getByLabel('Import period (days)').inputValue(), process.env.UPSYNC_IMPORT_DAYS ?? '14');
  await snap('wizard-accounts');
});

step('wizard step 1: keep the agency only', async () => {
  for (const org of ['Acme Corp', 'John Smith', 'Globex GmbH'])
    await page.getByRole('checkbox', { name: org, exact: true }).uncheck();
  await saving(() => page.getByRole('button', { name: 'Next' }).click(), 'PUT');
  await heading('Mapping').waitFor();
  await heading(`Freelancer/Agency (${agency})`).waitFor();
});

step('wizard step 2: a suggestion, a manual choice, a member created inline', async () => {
  // The exact match is preselected; the close one is offered and chosen.
  const olena = page.getByLabel('Member for Olena Kovalenko', { exact: true });
  assert.equal(await selectedLabel(olena), 'Olena Kovalenko', 'the exact match is preselected');
  await saving(() => page.getByLabel('Member for José Müller', { exact: true }).selectOption({ label: 'Jose Muller' }));
  // A manual choice: nothing suggests Mia for Zoë.
  await saving(() => page.getByLabel('Member for Zoë Ørsted', { exact: true }).selectOption({ label: 'Mia Manual' }));
  // A member created inline, then chosen for the row.
  await page.getByLabel('Member for Łukasz Wójcik', { exact: true }).selectOption({ label: '+ Create new member' });
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel('Name', { exact: true }).inputValue(), 'Łukasz Wójcik', 'the name is prefilled');
  await dialog.getByLabel('Email', { exact: true }).fill('lukasz@nomadicsoft.example');
  await snap('wizard-create-member');
  await saving(() => dialog.getByRole('button', { name: 'Create' }).click());
  await dialog.waitFor({ state: 'detached' });
  const lukasz = page.getByLabel('Member for Łukasz Wójcik', { exact: true });
  await page.waitForFunction((s) => s.selectedOptions[0]?.textContent?.trim() === 'Łukasz Wójcik', await lukasz.elementHandle());
  for (const name of ['José Müller', 'Zoë Ørsted', 'Łukasz Wójcik']) {
    const sync = page.getByRole('checkbox', { name: `Sync ${name}`, exact: true });
    if (!(await sync.isChecked())) await saving(() => sync.check());
  }
  await snap('wizard-mapping-members');
});

step('wizard step 2: projects (one created inline), rates, a refused rate', async () => {
  await saving(() => page.getByLabel('Project for Backend development', { exact: true }).selectOption({ label: 'Platform (billable)' }));
  await saving(() => page.getByLabel('Project for DevOps: Kubernetes migration', { exact: true }).selectOption({ label: 'Platform (billable)' }));
  await page.getByLabel('Project for Mobile app (iOS & Android)', { exact: true }).selectOption({ label: '+ Create new project' });
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByLabel('Name', { exact: true }).fill('Mobile app');
  await saving(() => dialog.getByRole('button', { name: 'Create' }).click());
  await dialog.waitFor({ state: 'detached' });
  const mobile = page.getByLabel('Project for Mobile app (iOS & Android)', { exact: true });
  await page.waitForFunction((s) => s.selectedOptions[0]?.textContent?.trim().startsWith('Mobile app'), await mobile.elementHandle());

  // A refused rate shows the API's words beside the field, and the field points at them.
  const pay = page.getByLabel('Pay rate for Backend development', { exact: true });
  await pay.fill('abc');
  const refused = await saving(() => pay.blur());
  assert.ok(refused.status() >= 400, `"abc" is refused (HTTP ${refused.status()})`);
  const beside = await refusalBeside(pay);
  const { message } = (await refused.json()).error;
  assert.ok(message && beside.includes(message), `the refusal beside the field ("${beside}") says the API's message ("${message}")`);
  await snap('wizard-refused-rate');

  for (const [title, rate] of [['Backend development', '30.00'], ['Mobile app (iOS & Android)', '35.00']]) {
    const field = page.getByLabel(`Pay rate for ${title}`, { exact: true });
    await field.fill(rate);
    const answer = await saving(() => field.blur());
    assert.equal(answer.status(), 200, `pay rate of ${title} saved`);
  }
  await page.waitForFunction((f) => f.getAttribute('aria-invalid') !== 'true', await pay.elementHandle());
  for (const title of ['Backend development', 'Mobile app (iOS & Android)', 'DevOps: Kubernetes migration']) {
    const sync = page.getByRole('checkbox', { name: `Sync ${title}`, exact: true });
    if (!(await sync.isChecked())) {
      const answer = await saving(() => sync.check());
      assert.equal(answer.status(), 200, `sync of ${title} saved`);
    }
  }
  await snap('wizard-mapping');
  await page.getByRole('button', { name: 'Next' }).click();
  await heading('Review').waitFor();
});

step('wizard step 3: review with its warnings, start sync', async () => {
  // DevOps has no pay rate: the review warns and does not block.
  const warnings = page.getByRole('list', { name: `Warnings for Freelancer/Agency (${agency})` });
  await warnings.waitFor();
  assert.match(await warnings.innerText(), /DevOps: Kubernetes migration/);
  await snap('wizard-review');
  await saving(() => page.getByRole('button', { name: 'Start sync' }).click(), 'POST');
  await heading('Status').waitFor();
  await page.getByRole('region', { name: agency }).waitFor();
  await snap('dashboard-importing');
});

const syncing = ['Backend development', 'Mobile app (iOS & Android)', 'DevOps: Kubernetes migration'];

step('the import finishes', async () => {
  const region = page.getByRole('region', { name: agency });
  for (const title of syncing) {
    const bar = region.getByRole('progressbar', { name: `Import of ${title}`, exact: true });
    await bar.waitFor();
    // The dashboard polls; the bar fills by itself.
    await page.waitForFunction(
      (label) => {
        const el = [...document.querySelectorAll('[role="progressbar"]')].find((e) => e.getAttribute('aria-label') === label);
        return !!el && Number(el.getAttribute('aria-valuemax')) > 0
          && el.getAttribute('aria-valuenow') === el.getAttribute('aria-valuemax');
      },
      `Import of ${title}`,
      { timeout: importTimeout, polling: 500 },
    );
  }
  await snap('dashboard-imported');
});

step('the dashboard\'s hours today equal the simulator\'s truth', async () => {
  const region = page.getByRole('region', { name: agency });
  const today = (await (await fetch(`${sim}/__control/info`)).json()).today;
  const contracts = await simContracts();
  for (const title of syncing) {
    const id = contracts.get(title);
    assert.ok(id, `the simulator has ${title}`);
    const truth = await (await fetch(`${sim}/__control/truth?contract=${id}&from=${today}&to=${today}&cells=false`)).json();
    const want = hoursOfMinutes(truth.total_minutes);
    const card = region.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
    // The figure sits above its label "hours today"; the dashboard polls until it is there.
    const figure = async () => (/([\d.]+)\s*hours today/.exec(await card.innerText()) ?? [])[1];
    const deadline = Date.now() + 60_000;
    let got = await figure();
    while (got !== want && Date.now() < deadline) {
      await page.waitForResponse((r) => r.url().includes('/api/v1/upwork/status'), { timeout: 20_000 });
      got = await figure();
    }
    assert.equal(got, want, `${title}: hours today on the dashboard vs the simulator's truth`);
    if (title === 'Backend development' && Date.now() % 86_400_000 > 7_200_000)
      assert.notEqual(want, '0.00', 'time was added today: the comparison is not a trivial 0.00');
    await card.getByRole('link', { name: 'Why is this not syncing?' }).waitFor();
    await card.getByRole('link', { name: 'Reconciliation' }).waitFor();
  }
  await region.getByRole('img', { name: /Synced hours per day/ }).waitFor();
  // The organization's header counts what its connection asked of Upwork today (issue 19).
  const requests = Number((/Upwork requests today: (\d+)/.exec(await region.innerText()) ?? [])[1]);
  assert.ok(requests > 0, `the header shows the connection's requests today (got ${requests})`);
  await snap('dashboard-hours');
});

step('sync now from the dashboard', async () => {
  const region = page.getByRole('region', { name: agency });
  const answer = await saving(() => region.getByRole('button', { name: `Sync ${agency} now` }).click(), 'POST');
  assert.equal(answer.status(), 202, 'the engine takes the request');
  await region.getByRole('status').filter({ hasText: 'Sync requested' }).waitFor();
});

step('the agency\'s sync history: the first import, cells written', async () => {
  const region = page.getByRole('region', { name: agency });
  await region.getByRole('button', { name: `Sync history of ${agency}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Sync history: ${agency}`, exact: true });
  await dialog.waitFor();
  const runs = dialog.getByRole('table', { name: `Runs of ${agency}`, exact: true });
  await runs.waitFor();
  // The first import, however many busier cycles came after it: older pages until it shows.
  const imported = runs.getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'Import', exact: true }) })
    .filter({ has: page.getByRole('cell', { name: 'succeeded', exact: true }) });
  const older = dialog.getByRole('button', { name: 'Older runs', exact: true });
  while ((await imported.count()) === 0) {
    assert.equal(await older.count(), 1, 'a succeeded import is in the sync history');
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/runs?') && r.url().includes('before=')),
      older.click(),
    ]);
    await dialog.getByRole('status').filter({ hasText: 'Loading older runs' }).waitFor({ state: 'detached' });
    assert.equal(await dialog.getByRole('alert').count(), 0, 'the older runs load');
  }
  const cells = (await runRows(runs)).map((r) => Number(r.Cells));
  assert.ok(cells.some((n) => n > 0), `some run wrote cells (Cells: ${cells.join(', ')})`);
  await snap('sync-history');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
});

step('unlock and change a mapping', async () => {
  await page.getByRole('link', { name: 'Integrations', exact: true }).click();
  await heading('Integrations').waitFor();
  await page.getByRole('link', { name: 'Configure mapping' }).click();
  await heading('Mapping').waitFor();
  const project = page.getByLabel('Project for Backend development', { exact: true });
  await project.waitFor();
  assert.equal(await project.isDisabled(), true, 'a confirmed mapping is locked');
  await snap('mapping-locked');
  await saving(() => page.getByRole('button', { name: 'Unlock José Müller' }).click(), 'POST');
  await page.waitForFunction((s) => !s.disabled, await project.elementHandle());
  const answer = await saving(() => project.selectOption({ label: 'Mobile app' }));
  assert.equal(answer.status(), 200, 'the changed project is saved');
  await page.reload();
  await heading('Mapping').waitFor();
  assert.equal(await selectedLabel(page.getByLabel('Project for Backend development', { exact: true })), 'Mobile app');
  await snap('mapping-changed');
});

step('re-authorize through the simulator', async () => {
  await page.getByRole('link', { name: 'Integrations', exact: true }).click();
  await heading('Integrations').waitFor();
  // Upwork revokes the grant: the next sync cycle finds out and the badge says so.
  await simJson('/__control/tokens/revoke', {});
  const item = page.getByRole('list', { name: 'Upwork connections' }).getByRole('listitem');
  const needsReauth = item.getByText('needs re-auth', { exact: true });
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      await needsReauth.waitFor({ timeout: 3_000 });
      break;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await page.reload(); // the page polls only while a discovery runs
    }
  }
  await snap('integrations-needs-reauth');
  await Promise.all([
    page.waitForURL(/\/console\/wizard\?connection=/, { timeout: 30_000 }),
    page.getByRole('button', { name: 'Re-authorize' }).click(),
  ]);
  await heading('Accounts').waitFor();
  await page.getByRole('link', { name: 'Integrations', exact: true }).click();
  const connection = page.getByRole('list', { name: 'Upwork connections' }).getByRole('listitem');
  await connection.getByText('active', { exact: true }).waitFor();
  await snap('integrations-reauthorized');
});

step('disconnect, confirmed in a dialog', async () => {
  const connection = page.getByRole('list', { name: 'Upwork connections' }).getByRole('listitem');
  await connection.getByRole('button', { name: 'Disconnect' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await snap('disconnect-dialog');
  await saving(() => dialog.getByRole('button', { name: 'Disconnect' }).click(), 'DELETE');
  await dialog.waitFor({ state: 'detached' });
  await connection.getByText('disconnected', { exact: true }).waitFor();
  await snap('integrations-disconnected');
});

step('workspace: a sign-in token for a member the wizard created, a role, a project renamed and archived', async () => {
  // A project no contract maps to: archiving it is about this page, not about the sync.
  await api.post('/api/v1/projects', { name: 'Intranet', billable: false });
  await page.getByRole('link', { name: 'Workspace', exact: true }).click();
  await heading('Workspace').waitFor();
  const members = page.getByRole('table', { name: 'Members', exact: true });
  await members.getByRole('rowheader', { name: 'Ada Admin (you)', exact: true }).waitFor();

  // Łukasz was created inline in wizard step 2: no sign-in token until a manager creates one.
  const created = await saving(
    () => members.getByRole('button', { name: 'Create sign-in token for Łukasz Wójcik', exact: true }).click(), 'POST');
  assert.equal(created.status(), 201, 'the sign-in token is created');
  const shown = page.getByRole('dialog');
  await shown.waitFor();
  const issued = await shown.getByLabel('Sign-in token', { exact: true }).inputValue();
  assert.equal(issued, (await created.json()).token, 'the dialog shows the token the API created');
  assert.match(await shown.innerText(), /cannot be shown again/);
  await snap('workspace-token');
  await shown.getByRole('button', { name: 'Done', exact: true }).click();
  await shown.waitFor({ state: 'detached' });
  const me = (t) => fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${t}` } });
  const signedIn = await me(issued);
  assert.equal(signedIn.status, 200, 'the new token signs in');
  assert.equal((await signedIn.json()).member.name, 'Łukasz Wójcik', 'as the member it was created for');

  // Revoked through the member's token list, it signs in no more.
  await members.getByRole('button', { name: 'Tokens of Łukasz Wójcik', exact: true }).click();
  const list = page.getByRole('dialog');
  await list.waitFor();
  const revoke = list.getByRole('button', { name: /^Revoke token / });
  await revoke.waitFor();
  assert.equal(await revoke.count(), 1, 'one active token');
  const revoked = await saving(() => revoke.click(), 'DELETE');
  assert.equal(revoked.status(), 200, 'the token is revoked');
  await list.getByRole('cell', { name: /^Revoked / }).waitFor();
  await revoke.waitFor({ state: 'detached' });
  await snap('workspace-tokens');
  await list.getByRole('button', { name: 'Close', exact: true }).click();
  await list.waitFor({ state: 'detached' });
  assert.equal((await me(issued)).status, 401, 'the revoked token no longer signs in');

  // A role is saved as it is chosen, and is still there after a reload.
  const changed = await saving(() => members.getByLabel('Role of Mia Manual', { exact: true }).selectOption({ label: 'Manager' }));
  assert.equal(changed.status(), 200, 'the role is saved');
  await page.reload();
  await heading('Workspace').waitFor();
  const role = members.getByLabel('Role of Mia Manual', { exact: true });
  await role.waitFor();
  assert.equal(await selectedLabel(role), 'Manager', 'the role stays after a reload');

  // A project renamed in its dialog, then archived: it reads Archived and moves to the end.
  const projects = page.getByRole('table', { name: 'Projects', exact: true });
  await projects.getByRole('button', { name: 'Edit Intranet', exact: true }).click();
  const edit = page.getByRole('dialog');
  await edit.waitFor();
  await edit.getByLabel('Name', { exact: true }).fill('Company intranet');
  await edit.getByLabel('Client', { exact: true }).fill('Nomadic Soft');
  const saved = await saving(() => edit.getByRole('button', { name: 'Save', exact: true }).click());
  assert.equal(saved.status(), 200, 'the project is saved');
  await edit.waitFor({ state: 'detached' });
  const row = projects.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Company intranet', exact: true }) });
  await row.getByRole('cell', { name: 'Nomadic Soft', exact: true }).waitFor();
  const archived = await saving(() => row.getByRole('button', { name: 'Archive Company intranet', exact: true }).click());
  assert.equal(archived.status(), 200, 'the project is archived');
  await row.getByRole('cell', { name: 'Archived', exact: true }).waitFor();
  await row.getByRole('button', { name: 'Unarchive Company intranet', exact: true }).waitFor();
  const last = projects.getByRole('row').last().getByRole('rowheader');
  assert.equal((await last.innerText()).trim(), 'Company intranet', 'archived projects are listed last');
  await snap('workspace');
});

step('workspace: a webhook whose URL the SSRF rule refuses, the refusal beside the URL', async () => {
  // The daemon here allows no private address, and 10.0.0.0/8 is one whatever DNS says: the
  // API refuses the URL (field "url"), and the console says so beside it.
  const section = page.getByRole('region', { name: 'Webhooks', exact: true });
  await section.getByText('No webhook is registered.', { exact: true }).waitFor();
  await section.getByRole('button', { name: 'Add webhook', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Add webhook', exact: true });
  await dialog.waitFor();
  const url = dialog.getByLabel('URL', { exact: true });
  await url.fill('http://10.0.0.1/upsync');
  const events = dialog.getByRole('group', { name: 'Events', exact: true });
  assert.equal(await events.getByRole('checkbox').count(), 7, 'the seven events are offered');
  for (const name of ['sync.failing', 'import.completed'])
    await events.getByRole('checkbox', { name, exact: true }).check();
  const refused = await saving(() => dialog.getByRole('button', { name: 'Add webhook', exact: true }).click(), 'POST');
  assert.equal(refused.status(), 400, 'the URL is refused');
  const { field, message } = (await refused.json()).error;
  assert.equal(field, 'url', 'the refusal names the URL');
  const beside = await refusalBeside(url);
  assert.ok(message && beside.includes(message), `the refusal beside the URL ("${beside}") says the API's message ("${message}")`);
  assert.equal(await events.getByRole('checkbox', { checked: true }).count(), 2, 'the chosen events stay chosen');
  await snap('webhooks');
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await section.getByText('No webhook is registered.', { exact: true }).waitFor();
});

step('operators: the actors by kind (a super admin\'s page)', async () => {
  await page.getByRole('link', { name: 'Operators', exact: true }).click();
  await heading('Operators').waitFor();
  await page.getByRole('table').first().waitFor();
  // Today's requests of the connection, disconnected since, are still counted for today.
  const byConnection = page.getByRole('table', { name: 'Upwork requests today by connection' });
  const cell = byConnection.getByRole('row').nth(1).getByRole('cell');
  assert.ok(Number(await cell.innerText()) > 0, 'the connection\'s requests today on the Operators page');
  await snap('operators');
});

step('sign out', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await heading('Sign in').waitFor();
});

// The refusal a field points at with aria-describedby (once it is marked invalid), in words.
async function refusalBeside(field) {
  await page.waitForFunction((f) => f.getAttribute('aria-invalid') === 'true', await field.elementHandle());
  const describedBy = ((await field.getAttribute('aria-describedby')) ?? '').split(' ');
  const alerts = page.getByRole('alert');
  for (let i = 0; i < (await alerts.count()); i++) {
    const id = await alerts.nth(i).getAttribute('id');
    if (id && describedBy.includes(id)) return (await alerts.nth(i).innerText()).trim();
  }
  return '';
}

// A table's runs as objects keyed by column header; rows of another width (a run's error
// across the table) are left out.
async function runRows(table) {
  const heads = (await table.getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
  const rows = [];
  for (const row of await table.getByRole('row').all()) {
    const texts = await row.getByRole('rowheader').or(row.getByRole('cell')).allInnerTexts();
    if (texts.length === heads.length) rows.push(Object.fromEntries(heads.map((h, i) => [h, texts[i].trim()])));
  }
  return rows;
}

async function simJson(path, body) {
  const r = await fetch(`${sim}${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`simulator ${path}: HTTP ${r.status} ${await r.text()}`);
  return r.json();
}

async function addTimeToday(contract, cells) {
  const { today, now_ms: now } = await simJson('/__control/info');
  const dayStart = Date.parse(`${today}T00:00:00Z`);
  const tenMinutes = 600_000;
  const lastEnded = Math.floor(now / tenMinutes) * tenMinutes - tenMinutes; // the last cell that has ended
  const add = [];
  for (let k = 0; k < cells && lastEnded - k * tenMinutes >= dayStart; k++)
    add.push({ start: lastEnded - k * tenMinutes, manual: true, memo: 'browser journey', activity: 5 });
  if (add.length) await simJson('/__control/cells', { contract, date: today, add });
}

async function simContracts() {
  const titles = new Map();
  const orgs = (await (await fetch(`${sim}/__control/orgs`)).json()).orgs;
  for (const o of orgs) {
    const list = (await (await fetch(`${sim}/__control/contracts?org=${o.id}`)).json()).contracts ?? [];
    for (const c of list) titles.set(c.title, c.id);
  }
  return titles;
}
