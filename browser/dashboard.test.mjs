// Browser test of the therapist pages in headless Debian Chromium: sign in, see the table and
// its charts, open a client page with the client's work, mark a session, acknowledge a safety
// alert, and check both pages with axe-core at a phone's and a desktop's width; then set up
// two-step sign-in on its page, end an app's sign-in from the sign-ins page, and sign in with a
// recovery code, each page checked with axe-core too. Run by .ci/run
// against a live server: IPT_URL=http://127.0.0.1:PORT node dashboard.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

// The pages' CSP allows no script at all, so playwright's addScriptTag (an inline <script>) is
// refused; evaluating axe's source through the DevTools protocol is not subject to the page's
// CSP, which stays enforced for everything else the test checks.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const widths = [390, 1280];

async function assertAccessible(page, what) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
    const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const found = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(found, [], `axe finds no violation on ${what} at ${width} px`);
    // Only tables scroll sideways, each in its own container: never the page.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${what} fits ${width} px`);
  }
}

const base = process.env.IPT_URL;
assert.ok(base, 'IPT_URL names the server under test');
const password = 'browser test passphrase';

async function api(path, { method = 'GET', token, body } = {}) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function seed() {
  const email = `browser-${Date.now()}@example.org`;
  await api('/therapists', { method: 'POST', body: { email, password, display_name: 'Dr Browser', timezone: 'Europe/Berlin' } });
  const { access_token: therapist } = await api('/auth/login', { method: 'POST', body: { email, password } });
  const today = new Date();
  const start = new Date(today.getTime() - 14 * 86400e3).toISOString().slice(0, 10);
  const names = ['Alex Alert', 'Blake Steady'];
  const clients = [];
  for (const display_name of names) {
    const c = await api('/clients', {
      method: 'POST', token: therapist,
      body: { display_name, timezone: 'UTC', treatment: { start_date: start, planned_sessions: 12 } },
    });
    const phone = await api('/auth/invite', { method: 'POST', body: { code: c.invite.code } });
    clients.push({ id: c.id, name: display_name, token: phone.access_token });
  }
  const [alex] = clients;
  const people = {};
  for (const [label, closeness] of [['Mum', 1], ['Jo <partner>', 2], ['Boss', 3]]) {
    people[label] = (await api(`/clients/${alex.id}/relationships`, { method: 'POST', token: alex.token, body: { label, closeness } })).id;
  }
  for (let d = 6; d >= 0; d--) {
    const recorded_at = new Date(today.getTime() - d * 86400e3 - 3600e3).toISOString();
    for (const [i, c] of clients.entries()) {
      const body = { recorded_at, mood: i === 0 ? 7 - d % 3 : 6 };
      if (d % 3 === 0) body.phq9 = [1, 2, 1, 1, 1, 1, 1, 1, i === 0 && d === 0 ? 1 : 0];
      if (i === 0 && d % 2 === 0) body.gad7 = [1, 1, 2, 1, 1, 0, d === 0 ? 2 : 1];
      if (i === 0 && d === 4) Object.assign(body, { relationship_id: people.Mum, note: 'Mum called; we argued about the holidays' });
      if (i === 0 && d === 2) Object.assign(body, { relationship_id: people.Boss, note: 'Good talk with my boss' });
      await api(`/clients/${c.id}/checkins`, { method: 'POST', token: c.token, body });
    }
  }
  // The follow-up screen after the item-9 answer: positive, not acute (it joins the open alert).
  await api(`/clients/${alex.id}/risk-screens`, {
    method: 'POST', token: alex.token,
    body: { id: randomUUID(), recorded_at: new Date(today.getTime() - 3000e3).toISOString(), instrument: 'asq',
            answers: { q1: true, q2: false, q3: false, q4: false, q5: false } },
  });
  await api(`/clients/${alex.id}/exercise-logs`, {
    method: 'POST', token: alex.token,
    body: { exercise_key: 'communication_analysis', practiced_at: new Date(today.getTime() - 2 * 86400e3).toISOString(),
            responses: { situation: 'Phone call with Mum' } },
  });
  const hw = await api(`/clients/${alex.id}/homework`, { method: 'POST', token: therapist, body: { title: 'One step towards Jo' } });
  // Done after it was assigned (a completion dated before the assignment is refused).
  await api(`/clients/${alex.id}/homework/${hw.id}/completion`, {
    method: 'POST', token: alex.token, body: { completed_at: new Date().toISOString(), reflection: 'Sent Jo a message', helpfulness: 8 },
  });
  return { email, clients, therapist };
}


test('a therapist signs in, reads the dashboard and its charts, and acknowledges an alert', async () => {
  const { email, clients, therapist } = await seed();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
           '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    const blocked = [];
    page.on('request', (r) => { if (!r.url().startsWith(base)) blocked.push(r.url()); });

    await page.goto(`${base}/dashboard`);
    assert.match(page.url(), /\/login$/, 'without a session the dashboard sends us to sign in');
    await page.fill('#email', email);
    await page.fill('#password', 'wrong password, surely');
    await page.click('button[type=submit]');
    assert.match(await page.textContent('.error'), /do not match/);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/dashboard`);

    const rows = page.locator('#dashboard tbody tr');
    assert.equal(await rows.count(), 2);
    assert.equal(await rows.first().locator('th a').textContent(), 'Alex Alert', 'the client with the alert comes first');
    assert.match(await rows.first().textContent(), /open safety alert/);
    assert.match(await rows.first().textContent(), /crisis region not confirmed/, 'a client in UTC has no region');
    assert.equal(await page.locator('#dashboard svg.sparkline').count(), 2, 'a sparkline per client');
    assert.ok(await page.locator('#dashboard svg.sparkline polyline').first().isVisible());

    assert.match(await page.locator('#dashboard caption').textContent(), /Times are in Europe\/Berlin/);
    await assertAccessible(page, 'the dashboard');
    await page.setViewportSize({ width: 1024, height: 768 });

    await rows.first().locator('th a').click();
    await page.waitForURL(`${base}/clients/${clients[0].id}`);
    assert.ok(await page.locator('#mood-chart svg polyline.mood').isVisible(), 'the mood chart is drawn');
    assert.ok((await page.locator('#mood-chart text', { hasText: 'S1' }).count()) > 0, 'session weeks marked');
    assert.ok(await page.locator('#phq9-chart svg rect.band-severe').isVisible(), 'PHQ-9 bands drawn');
    assert.ok((await page.locator('#phq9-chart circle.phq9-dot').count()) >= 2);
    assert.ok(await page.locator('#gad7-chart svg polyline.gad7').isVisible(), 'the GAD-7 chart is drawn');
    assert.equal(await page.locator('#closeness-circles circle.person-dot').count(), 3, 'everyone in the circles');
    assert.match(await page.locator('#closeness-circles svg').getAttribute('aria-label'), /circle 2: Jo <partner>/);
    assert.match(await page.locator('#mood-by-person tr', { hasText: 'Mum' }).textContent(), /Mum1\d/);
    const note = page.locator('#checkin-notes tr', { hasText: 'we argued about the holidays' });
    assert.equal(await note.locator('td').nth(2).textContent(), 'Mum', 'the note names the person');
    assert.match(await note.locator('td').first().textContent(), /CES?T$/, 'in the therapist\'s zone');
    assert.match(await page.locator('#own-words').textContent(), /Looking back at a conversation.*Phone call with Mum.*Sent Jo a message/s);
    assert.match(await page.locator('#app-link').textContent(), /App linked/);
    const alertBox = await page.locator('#alerts').textContent();
    assert.match(alertBox, /ASQ screen: non-acute positive/, 'the alert shows the follow-up screen');
    assert.match(alertBox, /2 signals in this episode/, 'the item-9 answer and the screen are one episode');
    assert.equal(await page.locator('#alerts form').count(), 1, 'one acknowledgement for the episode');
    assert.match(await page.locator('#crisis-region').textContent(), /not confirmed/);
    assert.doesNotMatch(await page.locator('main').textContent(), /[a-z]+_[a-z_]+/, 'no snake_case key is shown');
    // Wide tables scroll on a phone; their containers take the keyboard focus to do so.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#sessions .table-wrap').focus();
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Session log');
    await page.keyboard.press('ArrowRight');
    assert.ok(await page.locator('#sessions .table-wrap').evaluate((el) => el.scrollWidth > el.clientWidth), 'the session log scrolls at 390 px');
    await page.screenshot({ path: (process.env.SCREENSHOT ?? 'client-page.png').replace(/\.png$/, '-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: process.env.SCREENSHOT ?? 'client-page.png', fullPage: true });
    await assertAccessible(page, 'the client page');
    await page.setViewportSize({ width: 1024, height: 768 });

    // Session 1 was two weeks ago and is presumed held: confirm it was missed instead.
    const first = page.locator('#sessions tr[data-session="1"]');
    assert.match(await first.textContent(), /presumed/);
    await first.locator('button[value=no_show]').click();
    await page.waitForURL(new RegExp(`/clients/${clients[0].id}#sessions$`));
    assert.match(await page.locator('#sessions tr[data-session="1"]').textContent(), /missed \(no-show\)/);
    assert.equal(await page.locator('#sessions tr[data-session="13"]').count(), 1, 'a missed session adds one');

    await page.locator('#alerts select[name=action]').selectOption('contacted_client');
    await page.click('text=Acknowledge alert');
    await page.waitForURL(`${base}/clients/${clients[0].id}`);
    assert.equal(await page.locator('#alerts').count(), 0, 'the alert is gone once acknowledged');

    // A course that ended has its review on the client page, accessible at both widths.
    await api(`/clients/${clients[1].id}/courses/${clients[1].id}/end`, {
      method: 'POST', token: therapist, body: { reason: 'client_withdrew' },
    });
    await page.goto(`${base}/clients/${clients[1].id}`);
    assert.match(await page.locator('section.course-review h3').textContent(), /^Review of course 1 /);
    assert.match(await page.locator('section.course-review').textContent(), /ended: the client withdrew/);
    await assertAccessible(page, 'the review of an ended course');
    await page.setViewportSize({ width: 1024, height: 768 });

    await page.goto(`${base}/dashboard`);
    assert.doesNotMatch(await page.locator('#dashboard tbody tr').first().textContent(), /open safety alert/);
    assert.deepEqual(blocked, [], 'no request leaves the server');
  } finally {
    await browser.close();
  }
});

// RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as an authenticator app computes it.
function totp(base32Secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32Secret.replace(/=+$/, '').toUpperCase()) {
    const v = alphabet.indexOf(ch);
    assert.ok(v >= 0, `a base32 key, not ${ch}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, '0');
}

test('a therapist sets up two-step sign-in on the page, signs in with a recovery code, and ends an app sign-in', async () => {
  const email = `two-step-${Date.now()}@example.org`;
  await api('/therapists', { method: 'POST', body: { email, password, display_name: 'Dr. Two Step' } });
  // An app sign-in besides the browser's, to be ended from the page.
  const { access_token: appToken } = await api('/auth/login', { method: 'POST', body: { email, password } });
  assert.ok(appToken);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
           '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    const blocked = [];
    page.on('request', (r) => { if (!r.url().startsWith(base)) blocked.push(r.url()); });
    await page.goto(`${base}/login`);
    await assertAccessible(page, 'the sign-in form');
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/dashboard`);

    await page.goto(`${base}/account/two-step`);
    await page.click('text=Set up two-step sign-in');
    await page.waitForURL(`${base}/account/two-step`);
    assert.equal(await page.locator('figure.qr svg').count(), 1, 'the QR code is drawn inline');
    await assertAccessible(page, 'the two-step set-up');
    const secret = (await page.locator('figure.qr figcaption code').textContent()).trim();
    await page.fill('#code', totp(secret));
    await page.click('text=Turn on');
    const recovery = await page.locator('ul.recovery-codes li').allTextContents();
    assert.equal(recovery.length, 10, 'ten recovery codes, shown once');
    await assertAccessible(page, 'the recovery codes');

    await page.goto(`${base}/sign-ins`);
    const rows = page.locator('#sign-ins tbody tr');
    assert.equal(await rows.count(), 2, 'this browser and the app');
    await assertAccessible(page, 'the sign-ins');
    const app = rows.filter({ hasText: 'App' });
    await app.locator('button', { hasText: 'Revoke' }).click();
    await page.waitForURL(`${base}/sign-ins`);
    assert.equal(await page.locator('#sign-ins tbody tr').count(), 1, 'the app sign-in ended');
    assert.match(await page.locator('#sign-ins tbody tr').textContent(), /this browser/);

    // Signed out, the password alone no longer signs in: the code form asks for the second step.
    await page.click('button:has-text("Sign out")');
    await page.waitForURL(`${base}/login`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    assert.match(await page.locator('h1').textContent(), /Two-step sign-in/);
    await assertAccessible(page, 'the code form');
    await page.fill('#code', recovery[0].trim());
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/dashboard`);
    assert.deepEqual(blocked, [], 'no request leaves the server');
  } finally {
    await browser.close();
  }
});
