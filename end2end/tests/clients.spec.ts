import { APIRequestContext, Browser, Page, TestInfo, expect, test } from '@playwright/test';
import { convertInto, createAccount, createLead, hydrated, isPhone, qualify, uniqueName } from './helpers';

const timeline = (page: Page) => page.getByRole('list', { name: 'Aktivity a poznámky' });

test('convert a qualified lead, linking it to an existing organisation; the organisation shows the lead history', async ({
  page, request, baseURL,
}) => {
  const firm = uniqueName('Strojírny');
  const accountId = await createAccount(request, baseURL!, `${firm} s.r.o.`);
  const last = uniqueName('Převáděný');
  // The same company, written the way a trade-fair card has it.
  const id = await createLead(request, baseURL!, last, `${firm.toUpperCase()}, a.s.`);
  await qualify(request, baseURL!, id);

  await page.goto(`/leads/${id}`);
  await hydrated(page);
  await page.getByLabel('Text poznámky').fill('Chtějí nabídku na dvě linky.');
  await page.getByRole('button', { name: 'Zapsat' }).click();
  await expect(timeline(page).getByText('Chtějí nabídku na dvě linky.')).toBeVisible();
  await page.getByRole('link', { name: 'Převést', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/leads/${id}/convert$`));
  await hydrated(page);

  // The look-alike is offered before anything is created.
  await expect(page.getByTestId('duplicates-found')).toBeVisible();
  const existing = page.getByRole('radio', { name: new RegExp(`Propojit s existující: ${firm} s\\.r\\.o\\.`) });
  await expect(existing).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Založit novou organizaci' })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Název organizace', exact: true })).toHaveValue(`${firm.toUpperCase()}, a.s.`);

  // A wrong IČO is refused next to its field, and nothing is created.
  await page.getByRole('textbox', { name: 'IČO', exact: true }).fill('12345678');
  await page.getByRole('button', { name: 'Převést' }).click();
  await expect(page.locator('#convert-account-ico-error')).toContainText('IČO má 8 číslic');
  await expect(page).toHaveURL(new RegExp(`/leads/${id}/convert$`));

  // Link to the existing organisation; the person and a deal are new.
  await existing.check();
  await expect(page.getByRole('textbox', { name: 'Název organizace', exact: true })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Příjmení' })).toHaveValue(last);
  await page.getByRole('textbox', { name: 'Částka (Kč)' }).fill('250 000');
  await page.getByRole('button', { name: 'Převést' }).click();

  await expect(page).toHaveURL(new RegExp(`/clients/accounts/${accountId}$`));
  await expect(page.getByRole('status').last()).toContainText(`Lead Jan ${last} je převedený.`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${firm} s.r.o.`);
  await expect(page.getByRole('link', { name: `Jan ${last}` }).first()).toBeVisible();
  await expect(page.getByRole('cell', { name: '250 000 Kč' })).toBeVisible();
  // The lead's history: its status changes and its log, from the organisation's page.
  const origin = page.locator('.origin-lead', { hasText: `Jan ${last}` });
  await expect(origin.getByText('Kvalifikovaný → Převedený')).toBeVisible();
  await expect(timeline(page).getByText('Chtějí nabídku na dvě linky.')).toBeVisible();

  // The lead itself is read-only now and says what it became.
  await origin.getByRole('link', { name: `Jan ${last}` }).click();
  await expect(page).toHaveURL(new RegExp(`/leads/${id}$`));
  await hydrated(page);
  await expect(page.getByTestId('converted-to')).toContainText(`${firm} s.r.o.`);
  await expect(page.getByRole('button', { name: 'Uložit', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Zapsat' })).toHaveCount(0);

  // Off the board after a day, but the board's search finds it.
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('link', { name: 'Hledat', exact: true }).click();
  await expect(page).toHaveURL(/\/search$/);
  await page.getByRole('searchbox', { name: 'Hledat lead' }).fill(last);
  await page.getByRole('searchbox', { name: 'Hledat lead' }).press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  const result = page.getByRole('list', { name: 'Hledat leady' }).getByRole('listitem');
  await expect(result).toHaveCount(1);
  await expect(result).toContainText('Převedený');
  await result.getByRole('link', { name: `Jan ${last}` }).click();
  await expect(page).toHaveURL(new RegExp(`/leads/${id}$`));
});

test('a deal from a conversion moves between stages on the opportunity board', async ({ page, request, baseURL }) => {
  const firm = uniqueName('Pekárna');
  const last = uniqueName('Obchodní');
  const id = await createLead(request, baseURL!, last, firm);
  await qualify(request, baseURL!, id);
  await page.goto(`/leads/${id}/convert`);
  await hydrated(page);
  await page.getByRole('textbox', { name: 'Částka (Kč)' }).fill('120 000');
  await page.getByRole('button', { name: 'Převést' }).click();
  await expect(page).toHaveURL(/\/clients\/accounts\/\d+$/);

  await page.getByRole('link', { name: 'Příležitosti' }).first().click();
  await expect(page).toHaveURL(/\/clients\/deals$/);
  await hydrated(page);
  const stage = (name: string) => page.getByRole('list', { name, exact: true });
  const deal = stage('Nová').getByRole('listitem').filter({ hasText: firm });
  await expect(deal).toContainText('120 000 Kč');
  if (isPhone(page)) {
    await deal.getByRole('combobox').selectOption({ label: 'Nabídka' });
  } else {
    await deal.dragTo(stage('Nabídka'));
  }
  await expect(stage('Nabídka').getByRole('listitem').filter({ hasText: firm })).toBeVisible();
  await expect(page.getByRole('status').last()).toContainText('přesunuta do fáze Nabídka');
  await page.reload();
  await hydrated(page);
  await expect(stage('Nabídka').getByRole('listitem').filter({ hasText: firm })).toBeVisible();
  await expect(stage('Nová').getByRole('listitem').filter({ hasText: firm })).toHaveCount(0);

  // On the deal's page the stage shows and can be changed back by the form.
  await stage('Nabídka').getByRole('link', { name: firm }).click();
  await hydrated(page);
  await expect(page.getByLabel('Fáze')).toHaveValue('proposal');
  await page.getByLabel('Fáze').selectOption({ label: 'Vyhráno' });
  await page.getByRole('button', { name: 'Uložit', exact: true }).click();
  await expect(page.getByRole('status').last()).toContainText('Uloženo');
});

const PASSWORD = 'Zelený-kopec-u-Brna';

type Salesperson = { id: number; email: string };

/** A salesperson made by the admin (the users page's server function). */
async function createSalesperson(request: APIRequestContext, baseURL: string, tag: string): Promise<Salesperson> {
  const last = uniqueName(`Prodejce${tag}`);
  const email = `${last.toLowerCase()}@leady.test`;
  const response = await request.post('/api/admin/users/create', {
    headers: { Origin: baseURL, Accept: 'application/json' },
    data: { user: { name: `Obchodník ${last}`, email, role: 'salesperson', regions: [], products: [], password: PASSWORD } },
  });
  expect(response.status()).toBe(200);
  return { id: (await response.json()) as number, email };
}

async function assign(request: APIRequestContext, baseURL: string, leadId: number, to: Salesperson): Promise<void> {
  const response = await request.post('/api/leads/assign', {
    headers: { Origin: baseURL, Accept: 'application/json' },
    form: { lead_id: String(leadId), to: String(to.id) },
  });
  expect(response.status()).toBe(200);
}

/** A fresh browser with the project's device, signed in as `email` through the sign-in page. */
async function signedIn(browser: Browser, testInfo: TestInfo, baseURL: string, email: string): Promise<Page> {
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = testInfo.project.use;
  const context = await browser.newContext({
    viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, baseURL,
    locale: 'cs-CZ',
    storageState: { cookies: [], origins: [] },
  });
  const page = await context.newPage();
  await page.goto('/');
  await hydrated(page);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Heslo').fill(PASSWORD);
  await page.getByRole('button', { name: 'Přihlásit se' }).click();
  await expect(page.getByRole('heading', { name: 'Nástěnka leadů' })).toBeVisible();
  return page;
}

test('a salesperson sees her own rows of a shared organisation and only a count of the others', async ({
  page, request, baseURL, browser,
}, testInfo) => {
  const firm = uniqueName('Sdílená');
  const accountId = await createAccount(request, baseURL!, `${firm} s.r.o.`);
  const eva = await createSalesperson(request, baseURL!, 'E');
  const petr = await createSalesperson(request, baseURL!, 'P');
  const evaLast = uniqueName('Evin');
  const petrLast = uniqueName('Petrův');
  const rows: [string, Salesperson, string][] = [[evaLast, eva, '111 000'], [petrLast, petr, '999 000']];
  for (const [last, who, amount] of rows) {
    const id = await createLead(request, baseURL!, last, firm);
    await assign(request, baseURL!, id, who);
    await qualify(request, baseURL!, id);
    await convertInto(page, id, firm, amount);
  }

  const evaPage = await signedIn(browser, testInfo, baseURL!, eva.email);
  await evaPage.goto(`/clients/accounts/${accountId}`);
  await hydrated(evaPage);
  await expect(evaPage.getByRole('heading', { level: 1 })).toHaveText(`${firm} s.r.o.`);
  await expect(evaPage.getByRole('link', { name: `Jan ${evaLast}` }).first()).toBeVisible();
  await expect(evaPage.getByRole('cell', { name: '111 000 Kč' })).toBeVisible();
  await expect(evaPage.getByTestId('hidden-contacts')).toHaveText('1 další');
  await expect(evaPage.getByTestId('hidden-deals')).toHaveText('1 další');
  await expect(evaPage.getByTestId('hidden-origin-leads')).toHaveText('1 další');
  // Nothing of Petr's: no name, email or amount.
  await expect(evaPage.getByText(petrLast)).toHaveCount(0);
  await expect(evaPage.getByText('999 000 Kč')).toHaveCount(0);

  // The admin sees both, and no count.
  await page.goto(`/clients/accounts/${accountId}`);
  await hydrated(page);
  await expect(page.getByRole('link', { name: `Jan ${petrLast}` }).first()).toBeVisible();
  await expect(page.getByTestId('hidden-contacts')).toHaveCount(0);
  await evaPage.context().close();
});

test('a colleague\'s look-alike on the conversion screen says whose it is and cannot be linked', async ({
  request, baseURL, browser,
}, testInfo) => {
  const firm = uniqueName('Cizí');
  await createAccount(request, baseURL!, `${firm} s.r.o.`);
  const eva = await createSalesperson(request, baseURL!, 'F');
  const id = await createLead(request, baseURL!, uniqueName('Převáděná'), `${firm.toUpperCase()}, a.s.`);
  await assign(request, baseURL!, id, eva);
  await qualify(request, baseURL!, id);

  const evaPage = await signedIn(browser, testInfo, baseURL!, eva.email);
  await evaPage.goto(`/leads/${id}/convert`);
  await hydrated(evaPage);
  await expect(evaPage.getByTestId('duplicates-found')).toBeVisible();
  await expect(evaPage.getByTestId('account-foreign')).toContainText(
    'Organizace s tímto názvem už existuje, vlastník: Alena Adminová.',
  );
  await expect(evaPage.getByText('Propojit lead s ním může manažer.')).toBeVisible();
  // No way to link it, and none of its data (its city is Brno).
  await expect(evaPage.getByRole('radio', { name: /Propojit s existující/ })).toHaveCount(0);
  await expect(evaPage.getByTestId('account-foreign')).not.toContainText('Brno');
  await evaPage.context().close();
});
