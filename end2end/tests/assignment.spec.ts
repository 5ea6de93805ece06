import { APIRequestContext, Browser, Page, TestInfo, expect, test } from '@playwright/test';
import { card, column, createLead, hydrated, uniqueName } from './helpers';

const PASSWORD = 'Zelený-kopec-u-Brna';

type Person = { name: string; email: string };

/** Makes a user the way the admin does, through the users page. */
async function createUserInUi(page: Page, role: 'obchodník' | 'manažer', tag: string): Promise<Person> {
  const first = role === 'manažer' ? 'Marek' : tag === 'A' ? 'Jana' : 'Petr';
  const last = uniqueName(`Test${tag}`);
  const person = { name: `${first} ${last}`, email: `${last.toLowerCase()}@leady.test` };
  await page.goto('/admin/users');
  await hydrated(page);
  const form = page.locator('form.admin-form');
  await form.getByLabel('Jméno a příjmení').fill(person.name);
  await form.getByLabel('E-mail').fill(person.email);
  await form.getByLabel('Role').selectOption({ label: role });
  await form.getByLabel('Heslo').fill(PASSWORD);
  await form.getByLabel('Jihomoravský kraj').check();
  await form.getByRole('button', { name: 'Vytvořit' }).click();
  await expect(page.getByText(`Uživatel ${person.name} je vytvořen.`)).toBeVisible();
  await expect(page.locator(`li[data-email="${person.email}"]`)).toContainText('Jihomoravský kraj');
  return person;
}

/** A fresh browser with the project's device, signed in as `who` through the sign-in page. */
async function signedIn(browser: Browser, testInfo: TestInfo, baseURL: string, who: Person): Promise<Page> {
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = testInfo.project.use;
  const context = await browser.newContext({
    viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, baseURL,
    locale: 'cs-CZ',
    storageState: { cookies: [], origins: [] },
  });
  const page = await context.newPage();
  await page.goto('/');
  await hydrated(page);
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Heslo').fill(PASSWORD);
  await page.getByRole('button', { name: 'Přihlásit se' }).click();
  await expect(page.getByRole('heading', { name: 'Nástěnka leadů' })).toBeVisible();
  await hydrated(page);
  return page;
}

/** Opens a card's menu and picks an item (mouse or finger, as the device has). */
async function pickFromCardMenu(page: Page, status: string, text: string, item: string): Promise<void> {
  const target = card(page, status, text);
  await target.scrollIntoViewIfNeeded();
  await target.getByRole('button', { name: 'Přesunout…' }).click();
  await target.getByRole('menuitem', { name: item, exact: true }).click();
}

/** Shows a status column (on a phone only one is on screen). */
async function showColumn(page: Page, status: string): Promise<void> {
  const tab = page.locator('.column-tab', { hasText: status });
  if (await tab.isVisible()) await tab.click();
}

async function deleteRules(request: APIRequestContext, baseURL: string, name: string): Promise<void> {
  const rules = await (await request.post('/api/admin/rules', { headers: { Origin: baseURL } })).json();
  for (const rule of rules.filter((r: { name: string }) => r.name === name)) {
    await request.post('/api/admin/rules/delete', { headers: { Origin: baseURL }, form: { id: String(rule.id) } });
  }
}

test('a manager assigns from the card menu; the salesperson sees it as theirs, another does not', async ({
  page, browser, request, baseURL,
}, testInfo) => {
  // Three people made in the admin UI and three sign-ins: the longest story of the suite; on a
  // busy machine it ran past the default 30 s while doing nothing wrong.
  test.slow();
  const jana = await createUserInUi(page, 'obchodník', 'A');
  const petr = await createUserInUi(page, 'obchodník', 'B');
  const marek = await createUserInUi(page, 'manažer', 'M');
  const last = uniqueName('Přiřazený');
  const id = await createLead(request, baseURL!, last);

  // The manager: the lead waits unassigned in Nový; the menu gives it to Jana.
  const manager = await signedIn(browser, testInfo, baseURL!, marek);
  await expect(card(manager, 'Nový', last)).toBeVisible();
  await expect(card(manager, 'Nový', last).locator('.owner-badge')).toHaveCount(0);
  await pickFromCardMenu(manager, 'Nový', last, jana.name);
  await showColumn(manager, 'Přiřazený');
  const assigned = card(manager, 'Přiřazený', last);
  await expect(assigned).toBeVisible();
  const initials = jana.name.split(' ').map((w) => w[0]).join('');
  await expect(assigned.locator('.owner-badge')).toHaveText(initials);
  await expect(card(manager, 'Nový', last)).toHaveCount(0);
  // It stays so after a reload: the server has it.
  await manager.reload();
  await hydrated(manager);
  await showColumn(manager, 'Přiřazený');
  await expect(card(manager, 'Přiřazený', last).locator('.owner-badge')).toHaveText(initials);

  // Jana signs in and finds it among her own leads, with the assignment in its history.
  const janaPage = await signedIn(browser, testInfo, baseURL!, jana);
  await janaPage.getByRole('link', { name: 'Moje', exact: true }).click();
  await expect(janaPage).toHaveURL(/owner=mine/);
  await showColumn(janaPage, 'Přiřazený');
  await expect(card(janaPage, 'Přiřazený', last)).toBeVisible();
  await janaPage.goto(`/leads/${id}`);
  await expect(janaPage.getByTestId('owner-name')).toHaveText(jana.name);
  await expect(janaPage.getByRole('list', { name: 'Historie přiřazení' })).toContainText(`přiřadil(a) ${marek.name}`);

  // Petr does not see it on his board, and asking for it by id finds nothing.
  const petrPage = await signedIn(browser, testInfo, baseURL!, petr);
  await showColumn(petrPage, 'Přiřazený');
  await expect(column(petrPage, 'Přiřazený')).toBeVisible();
  await expect(petrPage.getByText(last)).toHaveCount(0);
  const response = await petrPage.goto(`/leads/${id}`);
  expect(response?.status()).toBe(404);
  await expect(petrPage.getByRole('alert')).toHaveText('Lead nebyl nalezen.');

  // Petr takes a pool lead for himself from its detail page.
  const pool = uniqueName('Volný');
  const poolId = await createLead(request, baseURL!, pool);
  await petrPage.goto(`/leads/${poolId}`);
  await hydrated(petrPage);
  await expect(petrPage.getByTestId('owner-name')).toHaveText('Nepřiřazeno');
  await petrPage.getByRole('button', { name: 'Převzít' }).click();
  await expect(petrPage.getByTestId('owner-name')).toHaveText(petr.name);
  await expect(petrPage.locator('.status-badge')).toHaveText('Přiřazený');

  // The admin deactivates Petr: his open session ends at once.
  await page.goto('/admin/users');
  await hydrated(page);
  await page.locator(`li[data-email="${petr.email}"]`).getByRole('button', { name: 'Deaktivovat' }).click();
  await expect(page.locator(`li[data-email="${petr.email}"]`)).toContainText('deaktivovaný');
  await petrPage.goto('/');
  await expect(petrPage).toHaveURL(/\/sign-in/);

  for (const p of [manager, janaPage, petrPage]) await p.context().close();
});

test('the admin sets up a product rule; a new lead about the product goes to its salesperson', async ({
  page, browser, request, baseURL,
}, testInfo) => {
  // Three people made in the admin UI and three sign-ins: the longest story of the suite; on a
  // busy machine it ran past the default 30 s while doing nothing wrong.
  test.slow();
  const jana = await createUserInUi(page, 'obchodník', 'A');
  const product = uniqueName('Licence');
  const ruleName = uniqueName('Pravidlo');

  await page.goto('/admin/products');
  await hydrated(page);
  await page.getByLabel('Název').fill(product);
  await page.getByRole('button', { name: 'Přidat' }).click();
  await expect(page.locator('.admin-list')).toContainText(product);

  await page.goto('/admin/rules');
  await hydrated(page);
  const form = page.locator('form.admin-form');
  await form.getByLabel('Název').fill(ruleName);
  await form.getByLabel('Typ pravidla').selectOption({ label: 'Podle produktu' });
  await form.getByLabel('Leady o produkt').selectOption({ label: product });
  await form.getByLabel(jana.name, { exact: true }).check();
  await form.getByRole('button', { name: 'Uložit' }).click();
  const rule = page.locator(`li[data-rule="${ruleName}"]`);
  await expect(rule).toContainText(`Podle produktu: ${product}`);
  await expect(rule).toContainText(jana.name);

  try {
    // Quick entry at the fair: the lead asks about the product.
    const last = uniqueName('Veletržní');
    await page.goto('/leads/new');
    await hydrated(page);
    await page.getByLabel('Příjmení').fill(last);
    await page.getByLabel('E-mail').fill(`${last.toLowerCase()}@firma.cz`);
    await page.getByLabel('Produkt').selectOption({ label: product });
    await page.getByRole('button', { name: 'Uložit' }).click();
    await expect(page.getByText(`Lead ${last} je uložen.`)).toBeVisible();
    await expect(page.locator('.confirmation')).toContainText(`Přiřazeno: ${jana.name}`);

    const janaPage = await signedIn(browser, testInfo, baseURL!, jana);
    await showColumn(janaPage, 'Přiřazený');
    await expect(card(janaPage, 'Přiřazený', last)).toBeVisible();
    await card(janaPage, 'Přiřazený', last).getByRole('link').click();
    await expect(janaPage.getByRole('list', { name: 'Historie přiřazení' })).toContainText(`pravidlem „${ruleName}“`);
    await janaPage.context().close();
  } finally {
    await deleteRules(request, baseURL!, ruleName);
  }
});

test('a salesperson cannot open the admin pages', async ({ page, browser, baseURL }, testInfo) => {
  // Three people made in the admin UI and three sign-ins: the longest story of the suite; on a
  // busy machine it ran past the default 30 s while doing nothing wrong.
  test.slow();
  const jana = await createUserInUi(page, 'obchodník', 'A');
  const janaPage = await signedIn(browser, testInfo, baseURL!, jana);
  await expect(janaPage.getByRole('link', { name: 'Správa' })).toHaveCount(0);
  await janaPage.goto('/admin/users');
  await expect(janaPage.getByRole('alert')).toHaveText('K této akci nemáte oprávnění.');
  await expect(janaPage.getByText(jana.email)).toHaveCount(0);
  await janaPage.context().close();
});
