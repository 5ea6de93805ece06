import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { card, createLead, hydrated, uniqueName } from './helpers';

const repoRoot = path.resolve(__dirname, '..', '..');
const binary = process.env.LEADY_BIN ?? path.join(repoRoot, 'target', 'release', 'leady');

/**
 * A second app instance on the test database (on PostgreSQL: two instances on one database,
 * as a scaled-out deployment runs; on SQLite: two processes on one file). Resolves once it
 * answers.
 */
async function startInstance(port: number): Promise<ChildProcess> {
  const child = spawn(binary, ['serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? path.join(repoRoot, 'target', 'site'),
      DATABASE_URL: process.env.E2E_DATABASE_URL!,
      RUST_LOG: 'warn',
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/sign-in`);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the second instance did not start on port ${port}`);
}

/** Stops it the way an operator's restart does (SIGTERM) and waits until it has exited. */
async function stopInstance(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

test('after its server restarts, an open board reconnects by itself and catches up on what it missed', async ({
  page, request, baseURL,
}, testInfo) => {
  const port = Number(new URL(baseURL!).port) + 50 + testInfo.parallelIndex;
  const second = `http://127.0.0.1:${port}`;
  let instance = await startInstance(port);
  try {
    // A change made through the first instance reaches a board served by the second.
    const seen = uniqueName('Restart');
    await page.goto(`${second}/`);
    await hydrated(page);
    await createLead(request, baseURL!, seen);
    await expect(card(page, 'Nový', seen)).toHaveCount(1, { timeout: 2_000 });
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    // The second instance stops; meanwhile a lead arrives through the first.
    await stopInstance(instance);
    const missed = uniqueName('Zmeškaný');
    await createLead(request, baseURL!, missed);
    instance = await startInstance(port);

    // The board reconnects by itself, gets what it missed, and was never reloaded.
    await expect(card(page, 'Nový', missed)).toHaveCount(1, { timeout: 15_000 });
    await expect(card(page, 'Nový', seen)).toHaveCount(1);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  } finally {
    await stopInstance(instance);
  }
});
