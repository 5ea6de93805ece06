import { expect, test } from '@playwright/test';
import { ADMIN } from './accounts';
import { hydrated, uniqueName } from './helpers';


test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('sign in, land where you were going, sign out ends the session on the server', async ({ page, browser, baseURL }) => {
    await page.goto('/leads/new');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fleads%2Fnew$/);
    await hydrated(page);

    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Heslo').fill('tohle-neni-moje-heslo');
    await page.getByRole('button', { name: 'Přihlásit se' }).click();
    await expect(page.getByRole('alert')).toHaveText('Nesprávný e-mail nebo heslo.');
    await expect(page).toHaveURL(/\/sign-in/);

    await page.getByLabel('Heslo').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Přihlásit se' }).click();
    await expect(page).toHaveURL(/\/leads\/new$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rychlé zadání leadu');
    await expect(page.getByRole('navigation')).toContainText(`${ADMIN.name} (admin)`);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'leady_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');

    await hydrated(page);
    await page.getByRole('button', { name: 'Odhlásit se' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);

    // The old cookie, kept by someone: it opens nothing any more.
    const replay = await browser.newContext({ baseURL });
    await replay.addCookies([session!]);
    const other = await replay.newPage();
    await other.goto('/');
    await expect(other).toHaveURL(/\/sign-in$/);
    await replay.close();
  });

  test('the sign-in form works before the WebAssembly arrives', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Heslo').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Přihlásit se' }).click();
    await expect(page.getByRole('heading', { name: 'Nástěnka leadů' })).toBeVisible();
    await context.close();
  });

  test('a next that would leave the site lands on this one, with and without WebAssembly', async ({ page, browser, baseURL }) => {
    // %09 is a tab: a browser drops it, so "/<TAB>/evil.example" would be "//evil.example".
    const evil = '/sign-in?next=%2F%09%2Fevil.example';
    const home = new URL('/', baseURL).href;
    await page.goto(evil);
    await hydrated(page);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Heslo').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Přihlásit se' }).click();
    await expect(page).toHaveURL(home);
    await expect(page.getByRole('heading', { name: 'Nástěnka leadů' })).toBeVisible();

    const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto(evil);
    await plain.getByLabel('E-mail').fill(ADMIN.email);
    await plain.getByLabel('Heslo').fill(ADMIN.password);
    await plain.getByRole('button', { name: 'Přihlásit se' }).click();
    await expect(plain).toHaveURL(home);
    await expect(plain.getByRole('heading', { name: 'Nástěnka leadů' })).toBeVisible();
    await context.close();
  });

  test('a signed-out request to a server function changes nothing', async ({ request, baseURL }) => {
    const response = await request.post('/api/leads/create', {
      headers: { Origin: baseURL!, Accept: 'application/json' },
      form: { 'input[first_name]': 'Jan', 'input[last_name]': uniqueName('Anonym'), 'input[email]': 'a@b.cz', form_key: 'x' },
    });
    expect(response.status()).toBe(401);
  });
});

test('a cross-site POST is refused even with a valid session', async ({ request, page }) => {
  const last = uniqueName('Podvržená');
  const response = await request.post('/api/leads/create', {
    headers: { Origin: 'https://evil.example', Accept: 'application/json' },
    form: {
      'input[first_name]': 'Jan',
      'input[last_name]': last,
      'input[email]': 'jan@firma.cz',
      'input[phone]': '',
      'input[company]': '',
      'input[source]': 'web_form',
      'input[description]': '',
      form_key: last,
    },
  });
  expect(response.status()).toBe(403);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Nástěnka leadů' })).toBeVisible();
  await expect(page.getByText(last)).toHaveCount(0);
});
