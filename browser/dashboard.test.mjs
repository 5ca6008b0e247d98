// Browser test of the therapist pages in headless Debian Chromium: sign in, see the table and
// its charts, open a client page, acknowledge a safety alert. Run by .ci/run against a live
// server: IPT_URL=http://127.0.0.1:PORT node dashboard.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

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
  await api('/therapists', { method: 'POST', body: { email, password, display_name: 'Dr Browser' } });
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
  for (let d = 6; d >= 0; d--) {
    const recorded_at = new Date(today.getTime() - d * 86400e3 - 3600e3).toISOString();
    for (const [i, c] of clients.entries()) {
      const body = { recorded_at, mood: i === 0 ? 7 - d % 3 : 6 };
      if (d % 3 === 0) body.phq9 = [1, 2, 1, 1, 1, 1, 1, 1, i === 0 && d === 0 ? 1 : 0];
      await api(`/clients/${c.id}/checkins`, { method: 'POST', token: c.token, body });
    }
  }
  return { email, clients };
}

test('a therapist signs in, reads the dashboard and its charts, and acknowledges an alert', async () => {
  const { email, clients } = await seed();
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
    assert.equal(await page.locator('#dashboard svg.sparkline').count(), 2, 'a sparkline per client');
    assert.ok(await page.locator('#dashboard svg.sparkline polyline').first().isVisible());

    await rows.first().locator('th a').click();
    await page.waitForURL(`${base}/clients/${clients[0].id}`);
    assert.ok(await page.locator('#mood-chart svg polyline.mood').isVisible(), 'the mood chart is drawn');
    assert.ok((await page.locator('#mood-chart text', { hasText: 'S1' }).count()) > 0, 'session weeks marked');
    assert.ok(await page.locator('#phq9-chart svg rect.band-severe').isVisible(), 'PHQ-9 bands drawn');
    assert.ok((await page.locator('#phq9-chart circle.phq9-dot').count()) >= 2);
    await page.screenshot({ path: process.env.SCREENSHOT ?? 'client-page.png', fullPage: true });

    await page.locator('#alerts select[name=action]').selectOption('contacted_client');
    await page.click('text=Acknowledge alert');
    await page.waitForURL(`${base}/clients/${clients[0].id}`);
    assert.equal(await page.locator('#alerts').count(), 0, 'the alert is gone once acknowledged');

    await page.goto(`${base}/dashboard`);
    assert.doesNotMatch(await page.locator('#dashboard tbody tr').first().textContent(), /open safety alert/);
    assert.deepEqual(blocked, [], 'no request leaves the server');
  } finally {
    await browser.close();
  }
});
