import { defineConfig, devices } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';
import { ADMIN, ADMIN_STATE } from './tests/accounts';

// The server under test: the release binary, started on a fresh database.
// E2E_DATABASE_URL picks PostgreSQL (a fresh schema made by .ci/test); default: a new SQLite file.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const databaseUrl =
  process.env.E2E_DATABASE_URL ??
  `sqlite://${path.join(os.tmpdir(), `leady-e2e-${process.pid}-${Date.now()}.db`)}?mode=rwc`;
// Workers load this file again: they must see the same database (restart.spec.ts starts a
// second server on it).
process.env.E2E_DATABASE_URL = databaseUrl;
const repoRoot = path.resolve(__dirname, '..');
// The ARES stand-in (ares-stub.mjs): the app asks it, never the real register.
const aresPort = Number(process.env.E2E_ARES_PORT ?? port + 10);
const aresUrl = `http://127.0.0.1:${aresPort}/rest`;
// Every server a test starts (restart.spec.ts passes its environment on) asks the stub too.
process.env.LEADY_ARES_URL = aresUrl;
// The mailbox the app polls (dovecot.mjs): a test delivers into its maildir, the app makes
// the lead. Every server a test starts polls it too (two pollers on one mailbox must still
// make each lead once).
const imapPort = Number(process.env.E2E_IMAP_PORT ?? port + 20);
const mail = {
  E2E_IMAP_PORT: String(imapPort),
  E2E_MAIL_DIR: process.env.E2E_MAIL_DIR ?? path.join(os.tmpdir(), `leady-e2e-mail-${imapPort}`),
  E2E_IMAP_USER: 'poptavky',
  E2E_IMAP_PASSWORD: 'Schránka-e2e-7',
};
Object.assign(process.env, mail);
const mailbox = {
  LEADY_EMAIL_HOST: '127.0.0.1',
  LEADY_EMAIL_PORT: mail.E2E_IMAP_PORT,
  LEADY_EMAIL_TLS: 'none',
  LEADY_EMAIL_USER: mail.E2E_IMAP_USER,
  LEADY_EMAIL_PASSWORD: mail.E2E_IMAP_PASSWORD,
  LEADY_EMAIL_POLL_SECONDS: '1',
};
Object.assign(process.env, mailbox);
const binary = process.env.LEADY_BIN ?? path.join(repoRoot, 'target', 'release', 'leady');

// Debian's Chromium: Playwright cannot download its own browser here.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'cs-CZ',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // Signs the admin in once through the sign-in page; the other projects start signed in.
    { name: 'sign-in', testMatch: /auth\.setup\.ts/, use: { launchOptions } },
    {
      name: 'desktop',
      dependencies: ['sign-in'],
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1400, height: 900 },
        launchOptions,
        storageState: ADMIN_STATE,
      },
    },
    {
      name: 'phone',
      dependencies: ['sign-in'],
      use: { ...devices['Pixel 7'], launchOptions, storageState: ADMIN_STATE },
    },
  ],
  webServer: [
    {
      command: 'node ares-stub.mjs',
      cwd: __dirname,
      url: `http://127.0.0.1:${aresPort}/health`,
      reuseExistingServer: false,
      timeout: 10_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { E2E_ARES_PORT: String(aresPort) },
    },
    {
      command: 'node dovecot.mjs',
      cwd: __dirname,
      port: imapPort,
      reuseExistingServer: false,
      timeout: 15_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: mail,
    },
    // The first admin is made the way an operator makes one: `leady create-admin`, password on stdin.
    {
      command: `printf '%s\\n' "$E2E_ADMIN_PASSWORD" | ${binary} create-admin --email ${ADMIN.email} --name "${ADMIN.name}" && exec ${binary} serve`,
      cwd: repoRoot,
      url: `${baseURL}/sign-in`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? path.join(repoRoot, 'target', 'site'),
        DATABASE_URL: databaseUrl,
        RUST_LOG: 'warn',
        E2E_ADMIN_PASSWORD: ADMIN.password,
        LEADY_ARES_URL: aresUrl,
        ...mailbox,
      },
    },
  ],
});
