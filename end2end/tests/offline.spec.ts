import { BrowserContext, Page, expect, test } from '@playwright/test';
import { ADMIN } from './accounts';
import { hydrated, uniqueName } from './helpers';
import { startInstance, stopInstance } from './instances';

/**
 * A phone at a trade fair: quick entry keeps working with no connection. The page comes from
 * the service worker, "Uložit" keeps the lead on the phone, and once the connection and the
 * server are back the queue drains, each lead made exactly once. Each test runs its own server
 * instance (on the test database) so that it can stop it.
 */
test.beforeEach(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the phone at the fair');
  test.setTimeout(120_000);
});

const waitingHeading = (page: Page) => page.getByRole('heading', { name: /^Čeká na odeslání/ });
const lastName = (page: Page) => page.getByRole('textbox', { name: /^Příjmení/ });

/** Opens quick entry on `origin` and waits until the service worker has kept it. */
async function openAndKeep(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/leads/new`);
  await hydrated(page);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect
    .poll(() => page.evaluate(async () => !!(await (await caches.open('leady-pages')).match('/leads/new'))), {
      timeout: 15_000,
    })
    .toBe(true);
}

/** The connection drops and the server goes down; the page is reloaded from the phone. */
async function goOffline(page: Page, context: BrowserContext, instance: Awaited<ReturnType<typeof startInstance>>) {
  await context.setOffline(true);
  await stopInstance(instance);
  await page.reload();
  await hydrated(page);
}

/** Types a lead and taps "Uložit" (twice when `doubleTap`); it is kept on the phone. */
async function enterOffline(page: Page, last: string, doubleTap = false): Promise<void> {
  await lastName(page).fill(last);
  await page.getByRole('textbox', { name: /^E-mail/ }).fill(`${last.toLowerCase()}@veletrh.cz`);
  const save = page.getByRole('button', { name: 'Uložit' });
  if (doubleTap) await save.dblclick();
  else await save.click();
  await expect(page.getByRole('status').filter({ hasText: `Bez připojení: lead ${last}` })).toBeVisible();
  await expect(lastName(page)).toHaveValue('');
}

/** How many leads the search finds under `last` (each test's names are unique). */
async function leadsNamed(page: Page, origin: string, last: string): Promise<number> {
  await page.goto(`${origin}/search?q=${encodeURIComponent(last)}`);
  await hydrated(page);
  return page.locator('.search-results > li').count();
}

test('with no connection quick entry keeps the leads on the phone and sends each once when back', async ({
  page, context, baseURL,
}, testInfo) => {
  const port = Number(new URL(baseURL!).port) + 60 + testInfo.parallelIndex;
  const origin = `http://127.0.0.1:${port}`;
  let instance = await startInstance(port);
  try {
    await openAndKeep(page, origin);
    await goOffline(page, context, instance);

    const names = [uniqueName('Offline'), uniqueName('Offline'), uniqueName('Offline')];
    await enterOffline(page, names[0]);
    await enterOffline(page, names[1], true);
    await enterOffline(page, names[2]);
    await expect(waitingHeading(page)).toHaveText('Čeká na odeslání (3)');
    for (const last of names) await expect(page.locator('.waiting-list')).toContainText(last);

    // Half-typed, then a reload with no connection: nothing is lost.
    await lastName(page).fill('Rozepsaný');
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('leady-quick-entry-draft') ?? ''))
      .toContain('Rozepsaný');
    await page.reload();
    await hydrated(page);
    await expect(waitingHeading(page)).toHaveText('Čeká na odeslání (3)');
    await expect(lastName(page)).toHaveValue('Rozepsaný');

    // The server and the connection come back: the queue drains by itself.
    instance = await startInstance(port);
    await context.setOffline(false);
    await expect(waitingHeading(page)).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Odeslány 3 čekající leady.' })).toBeVisible();

    // A lead the server refuses (here one kept by an older page, with no last name) stays
    // with its error until it is fixed in the form.
    const fixed = uniqueName('Opravený');
    await page.evaluate(async (email) => {
      const key = `refused-${email}`;
      const fields: Record<string, string> = {
        first_name: 'Jana', last_name: '', email, phone: '', company: '', source: 'trade_fair', description: '',
      };
      const body = new URLSearchParams({
        ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [`input[${k}]`, v])),
        form_key: key,
      }).toString();
      const queue = (window as unknown as { leadyQueue: { add(e: object): Promise<void>; flush(): Promise<unknown> } }).leadyQueue;
      await queue.add({ key, body, typed: JSON.stringify(fields) });
      await queue.flush();
    }, `${fixed.toLowerCase()}@veletrh.cz`);
    await expect(waitingHeading(page)).toHaveText('Čeká na odeslání (1)');
    const refused = page.locator('.waiting-lead').filter({ hasText: 'Jana' });
    await expect(refused.locator('.field-error')).not.toBeEmpty();
    await refused.getByRole('button', { name: 'Opravit' }).click();
    await expect(lastName(page)).toHaveAttribute('aria-invalid', 'true');
    await lastName(page).fill(fixed);
    await page.getByRole('button', { name: 'Uložit' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Lead Jana ${fixed} je uložen.` })).toBeVisible();
    await expect(waitingHeading(page)).toHaveCount(0);
    names.push(fixed);

    // Sending again (another page load, the worker's sync) makes nothing new.
    await page.evaluate(() => (window as unknown as { leadyQueue: { flush(): Promise<unknown> } }).leadyQueue.flush());
    for (const last of names) expect(await leadsNamed(page, origin, last), last).toBe(1);
  } finally {
    await stopInstance(instance);
  }
});

test('an expired session keeps the queue and asks to sign in; signing out first warns', async ({
  page, context, baseURL,
}, testInfo) => {
  const port = Number(new URL(baseURL!).port) + 60 + testInfo.parallelIndex;
  const origin = `http://127.0.0.1:${port}`;
  let instance = await startInstance(port);
  try {
    await openAndKeep(page, origin);
    await goOffline(page, context, instance);
    const names = [uniqueName('Vypršel'), uniqueName('Vypršel')];
    await enterOffline(page, names[0]);
    await enterOffline(page, names[1]);

    // Signing out now would leave them behind: the app asks first, and "Cancel" keeps all.
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', async (dialog) => {
        resolve(dialog.message());
        await dialog.dismiss();
      }),
    );
    await page.getByRole('button', { name: 'Odhlásit se' }).click();
    expect(await asked).toContain('2 neodeslané leady');
    await expect(waitingHeading(page)).toHaveText('Čeká na odeslání (2)');

    // Meanwhile the session ends (its cookie names a session the server no longer has).
    await context.addCookies([{ name: 'leady_session', value: 'skoncila', url: origin }]);
    instance = await startInstance(port);
    await context.setOffline(false);
    await expect(page.getByRole('alert').filter({ hasText: 'Přihlášení vypršelo' })).toBeVisible({ timeout: 15_000 });
    await expect(waitingHeading(page)).toHaveText('Čeká na odeslání (2)');

    // Signing in again sends them.
    await page.getByRole('link', { name: 'Přihlásit se' }).click();
    await page.getByRole('textbox', { name: 'E-mail' }).fill(ADMIN.email);
    await page.getByLabel('Heslo').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Přihlásit se' }).click();
    await expect(page).toHaveURL(/\/leads\/new$/);
    await hydrated(page);
    await expect(waitingHeading(page)).toHaveCount(0, { timeout: 15_000 });
    for (const last of names) expect(await leadsNamed(page, origin, last), last).toBe(1);
  } finally {
    await stopInstance(instance);
  }
});
