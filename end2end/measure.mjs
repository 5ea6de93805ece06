// Measures what a phone downloads and how fast the pages are, on the release build.
//   cd end2end && node measure.mjs            (after .ci/build; see the README)
// Starts `leady serve` on a fresh SQLite file with 10,000 leads, then for /sign-in,
// /leads/new, / (the board) and /dashboard:
//  - the JavaScript and WebAssembly bytes the browser fetched (as sent: brotli) until the page
//    is interactive, and which files;
//  - Lighthouse (mobile, simulated throttling): performance, accessibility, LCP, TBT.
// MEASURE_ROUTES=/leads/new,/ measures only those; MEASURE_DETAIL=1 also prints what Lighthouse
// blames (LCP element and phases, main-thread work, long tasks).
// Prints a table; asserts nothing (budgets are for people to read, not for CI to time).
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from '@playwright/test';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const repoRoot = path.resolve(import.meta.dirname, '..');
const binary = process.env.LEADY_BIN ?? path.join(repoRoot, 'target', 'release', 'leady');
const port = Number(process.env.MEASURE_PORT ?? 3190);
const origin = `http://127.0.0.1:${port}`;
const leads = Number(process.env.MEASURE_LEADS ?? 10_000);
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const admin = { email: 'mereni@leady.test', name: 'Měření Výkonu', password: 'Měřicí-heslo-2026' };

const db = path.join(os.tmpdir(), `leady-measure-${process.pid}.db`);
const env = {
  ...process.env,
  DATABASE_URL: `sqlite://${db}?mode=rwc`,
  LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
  LEPTOS_SITE_ROOT: path.join(repoRoot, 'target', 'site'),
  RUST_LOG: 'warn',
};
execFileSync(binary, ['create-admin', '--email', admin.email, '--name', admin.name], {
  env, input: `${admin.password}\n`, cwd: repoRoot,
});
const server = spawn(binary, ['serve'], { env, cwd: repoRoot, stdio: 'ignore' });
process.on('exit', () => server.kill('SIGTERM'));

async function waitUp() {
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(`${origin}/sign-in`)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('leady did not start');
}

async function signIn() {
  const body = new URLSearchParams({ email: admin.email, password: admin.password });
  const response = await fetch(`${origin}/api/auth/sign-in`, {
    method: 'POST', redirect: 'manual', body,
    headers: { Origin: origin, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  const cookie = (response.headers.getSetCookie?.() ?? []).find((c) => c.startsWith('leady_session='));
  if (!cookie) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return cookie.split(';')[0];
}

async function seed(cookie) {
  const sources = ['web_form', 'phone', 'email', 'referral', 'trade_fair', 'marketing', 'other'];
  let next = 0;
  async function worker() {
    while (next < leads) {
      const i = next++;
      const fields = {
        first_name: 'Jan', last_name: `Měřený${i}`, email: `mereny${i}@firma.cz`, phone: '',
        company: `Firma ${i % 500} s.r.o.`, source: sources[i % sources.length], description: '',
      };
      const body = new URLSearchParams({
        ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [`input[${k}]`, v])),
        form_key: `measure-${i}`,
      });
      const response = await fetch(`${origin}/api/leads/create`, {
        method: 'POST', body,
        headers: { Origin: origin, Cookie: cookie, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      if (!response.ok) throw new Error(`lead ${i}: ${response.status}`);
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** The JS and WASM a phone fetches on `route` until the app has hydrated and gone quiet. */
async function bundleOf(browser, route, cookie) {
  const context = await browser.newContext({ ...(await import('@playwright/test')).devices['Pixel 7'], serviceWorkers: 'block' });
  if (route !== '/sign-in') {
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name, value, url: origin }]);
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const files = new Map();
  const types = new Map();
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, { url: e.response.url, mime: e.response.mimeType }));
  cdp.on('Network.loadingFinished', (e) => {
    const t = types.get(e.requestId);
    if (t && /javascript|wasm/.test(t.mime)) files.set(new URL(t.url).pathname, e.encodedDataLength);
  });
  await page.goto(`${origin}${route}`);
  await page.locator('body[data-hydrated="true"]').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1000);
  await context.close();
  const total = [...files.values()].reduce((a, b) => a + b, 0);
  return { total, files: [...files.entries()].sort((a, b) => b[1] - a[1]) };
}

async function lighthouseOf(route, cookie) {
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: flags });
  try {
    const result = await lighthouse(`${origin}${route}`, {
      port: chrome.port, output: 'json', logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      extraHeaders: route === '/sign-in' ? undefined : { Cookie: cookie },
    });
    const lhr = result.lhr;
    if (process.env.MEASURE_DETAIL) {
      const audit = (id) => lhr.audits[id]?.details?.items ?? [];
      console.log(`\nLighthouse details for ${route}:`);
      for (const id of ['first-contentful-paint', 'speed-index', 'interactive', 'max-potential-fid']) {
        console.log(`  ${id}: ${lhr.audits[id]?.displayValue}`);
      }
      console.log('  LCP element:', JSON.stringify(audit('largest-contentful-paint-element')[0]?.items?.[0]?.node?.snippet ?? audit('largest-contentful-paint-element')[0]));
      console.log('  LCP phases:', JSON.stringify(audit('largest-contentful-paint-element')[1]?.items ?? []));
      console.log('  main thread:', JSON.stringify(audit('mainthread-work-breakdown').map((i) => [i.groupLabel, Math.round(i.duration)])));
      console.log('  long tasks:', JSON.stringify(audit('long-tasks').slice(0, 6).map((i) => [i.url, Math.round(i.startTime), Math.round(i.duration)])));
      console.log('  render blocking:', JSON.stringify(audit('render-blocking-resources').map((i) => [i.url, i.wastedMs])));
    }
    return {
      performance: lhr.categories.performance.score,
      accessibility: lhr.categories.accessibility.score,
      lcp: lhr.audits['largest-contentful-paint'].displayValue,
      tbt: lhr.audits['total-blocking-time'].displayValue,
    };
  } finally {
    await chrome.kill();
  }
}

await waitUp();
const cookie = await signIn();
const started = Date.now();
await seed(cookie);
console.log(`seeded ${leads} leads in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
const browser = await chromium.launch({ executablePath: chromePath, args: flags });
const rows = [];
const routes = process.env.MEASURE_ROUTES?.split(',') ?? ['/sign-in', '/leads/new', '/', '/dashboard'];
for (const route of routes) {
  const bundle = await bundleOf(browser, route, cookie);
  const lh = await lighthouseOf(route, cookie);
  rows.push({ route, 'JS+WASM (as sent)': kB(bundle.total), ...lh });
  console.log(`\n${route}: ${kB(bundle.total)} of JavaScript and WebAssembly`);
  for (const [file, size] of bundle.files) console.log(`  ${kB(size).padStart(9)}  ${file}`);
}
await browser.close();
console.log();
console.table(rows);
server.kill('SIGTERM');
fs.rmSync(db, { force: true });
