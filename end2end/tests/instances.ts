import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');
const binary = process.env.LEADY_BIN ?? path.join(repoRoot, 'target', 'release', 'leady');

/**
 * A second app instance on the test database (on PostgreSQL: two instances on one database,
 * as a scaled-out deployment runs; on SQLite: two processes on one file). Resolves once it
 * answers.
 */
export async function startInstance(port: number): Promise<ChildProcess> {
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
  throw new Error(`the instance did not start on port ${port}`);
}

/** Stops it the way an operator's restart does (SIGTERM) and waits until it has exited. */
export async function stopInstance(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
