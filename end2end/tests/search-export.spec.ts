import * as fs from 'node:fs';
import { APIRequestContext, Browser, Download, Page, TestInfo, expect, test } from '@playwright/test';
import { card, hydrated, isPhone, openBoard, uniqueName } from './helpers';

const PASSWORD = 'Zelený-kopec-u-Brna';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const LEAD_HEADER =
  'ID;Jméno;Příjmení;Firma;IČO;E-mail;Telefon;Zdroj;Stav;Skóre;Kraj;Produkt;Obchodník;Vytvořeno;Změněno;První kontakt;Důvod vyřazení;Popis';

/** A Czech mobile number no other test uses: "602 123 456" written as digits, 9 of them. */
function uniquePhone(): string {
  const digits = String(Date.now() % 1_000_000).padStart(6, '0');
  return `602${digits}`;
}

/** Creates a lead the way the quick-entry form does (a same-origin POST). */
async function createLead(
  request: APIRequestContext,
  baseURL: string,
  lastName: string,
  company: string,
  phone = '',
): Promise<number> {
  const response = await request.post('/api/leads/create', {
    headers: { Origin: baseURL, Accept: 'application/json' },
    form: {
      'input[first_name]': 'Jan',
      'input[last_name]': lastName,
      'input[email]': `${lastName.toLowerCase()}@firma.cz`,
      'input[phone]': phone,
      'input[company]': company,
      'input[source]': 'trade_fair',
      'input[description]': '',
      form_key: `${lastName}-key`,
    },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).id as number;
}

type Salesperson = { id: number; email: string };

/** A salesperson made by the admin (the users page's server function). */
async function createSalesperson(request: APIRequestContext, baseURL: string, tag: string): Promise<Salesperson> {
  const last = uniqueName(`Exportér${tag}`);
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

/** Clicks an export link like a person and answers the downloaded file. */
async function clickDownload(page: Page, linkName: string): Promise<{ download: Download; bytes: Buffer }> {
  const link = page.getByRole('link', { name: linkName, exact: true });
  await expect(link).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await download.path();
  return { download, bytes: fs.readFileSync(path) };
}

/** A CSV export's lines (after its BOM), checked for what Czech Excel needs. */
function csvLines(bytes: Buffer): string[] {
  expect(bytes.subarray(0, 3).equals(BOM)).toBe(true);
  const text = bytes.subarray(3).toString('utf-8');
  expect(text.endsWith('\r\n')).toBe(true);
  return text.split('\r\n').filter((line) => line !== '');
}

/** The page is no wider than the window: nothing to scroll sideways (the board's columns
 *  scroll inside their own strip). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('search finds a lead whatever the case, diacritics or way of writing its phone', async ({ page, request, baseURL }) => {
  const last = uniqueName('Hledaný');
  const phone = uniquePhone();
  const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 6)} ${phone.slice(6)}`;
  await createLead(request, baseURL!, last, 'ŠKODA AUTO a.s.', `+420${phone}`);

  // From the board's "Hledat" chip, typing like a person.
  await openBoard(page);
  await page.getByRole('navigation', { name: 'Zobrazit leady' }).getByRole('link', { name: 'Hledat' }).click();
  await expect(page.getByRole('heading', { name: 'Hledat leady' })).toBeVisible();
  const results = page.getByRole('list', { name: 'Hledat leady' });
  for (const q of ['skoda', 'ŠKODA', spaced, `+420 ${spaced}`]) {
    const box = page.getByRole('searchbox', { name: 'Hledat lead' });
    await box.fill(q);
    // A plain GET form: wait for the page of this very query, not the one before.
    await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === q), box.press('Enter')]);
    await expect(results.getByRole('link', { name: `Jan ${last}` })).toBeVisible();
  }
  // The results export too, carrying the search.
  await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
    'href',
    `/export/search.csv?q=%2B420%20${spaced.replaceAll(' ', '%20')}`,
  );
  const { download, bytes } = await clickDownload(page, 'Export CSV');
  expect(download.suggestedFilename()).toMatch(/^leady-hledani-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = csvLines(bytes);
  expect(lines[0]).toBe(LEAD_HEADER);
  expect(lines.slice(1).join('\n')).toContain(`;Jan;${last};ŠKODA AUTO a.s.;`);
  expect(lines.slice(1).join('\n')).toContain(`'+420 ${spaced}`);
  if (isPhone(page)) await expectNoSidewaysScroll(page);
});

test('the lead detail keeps an IČO: refused with a reason by the field, then found by it', async ({ page, request, baseURL }) => {
  const last = uniqueName('SIčem');
  const id = await createLead(request, baseURL!, last, 'Strojírny Brno s.r.o.', `+420${uniquePhone()}`);
  await page.goto(`/leads/${id}`);
  await hydrated(page);
  const ico = page.getByRole('textbox', { name: 'IČO' });
  await ico.fill('12345678');
  await page.getByRole('button', { name: 'Uložit', exact: true }).click();
  await expect(page.locator('#detail-ico-error')).toHaveText('IČO má 8 číslic a poslední musí sedět jako kontrolní číslice.');
  await expect(ico).toHaveAttribute('aria-invalid', 'true');
  await ico.fill('00177041');
  await page.getByRole('button', { name: 'Uložit', exact: true }).click();
  await expect(page.getByRole('status').last()).toContainText('Změny jsou uloženy.');
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'IČO' })).toHaveValue('00177041');

  await page.goto('/search?q=00177041');
  await expect(page.getByRole('list', { name: 'Hledat leady' }).getByRole('link', { name: `Jan ${last}` })).toBeVisible();
});

test('the board exports what its filter shows as CSV for Czech Excel', async ({ page, request, baseURL }) => {
  const last = uniqueName('Exportovaný');
  await createLead(request, baseURL!, last, '=HYPERLINK("http://x")', `+420${uniquePhone()}`);
  await openBoard(page);
  await expect(card(page, 'Nový', last)).toHaveCount(1);
  if (isPhone(page)) await expectNoSidewaysScroll(page);

  const { download, bytes } = await clickDownload(page, 'Export CSV');
  expect(download.suggestedFilename()).toMatch(/^leady-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = csvLines(bytes);
  expect(lines[0]).toBe(LEAD_HEADER);
  const row = lines.find((line) => line.includes(`;${last};`));
  expect(row).toBeDefined();
  // The formula-like company is text, with the spreadsheet's text mark.
  expect(row).toContain(`;Jan;${last};"'=HYPERLINK(""http://x"")";`);
  expect(row).toContain(';Nový;');

  // The filter goes with the link: "Moje" (the admin owns none of these) leaves it out.
  await page.getByRole('navigation', { name: 'Zobrazit leady' }).getByRole('link', { name: 'Moje' }).click();
  await expect(page).toHaveURL(/\?owner=mine/);
  await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/export/leads.csv?owner=mine');
  const mine = csvLines((await clickDownload(page, 'Export CSV')).bytes);
  expect(mine[0]).toBe(LEAD_HEADER);
  expect(mine.some((line) => line.includes(last))).toBe(false);

  // Excel: a workbook named like the CSV.
  const excel = await clickDownload(page, 'Export Excel');
  expect(excel.download.suggestedFilename()).toMatch(/^leady-\d{4}-\d{2}-\d{2}\.xlsx$/);
  expect(excel.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
});

test('a salesperson exports only her own leads and the pool', async ({ request, baseURL, browser }, testInfo) => {
  const eva = await createSalesperson(request, baseURL!, 'E');
  const petr = await createSalesperson(request, baseURL!, 'P');
  const hers = uniqueName('Evin');
  const his = uniqueName('Petrův');
  const pool = uniqueName('Nikoho');
  await assign(request, baseURL!, await createLead(request, baseURL!, hers, 'Škoda Plzeň'), eva);
  await assign(request, baseURL!, await createLead(request, baseURL!, his, 'Škoda Kvasiny'), petr);
  await createLead(request, baseURL!, pool, 'Škoda Ostrov');

  const evaPage = await signedIn(browser, testInfo, baseURL!, eva.email);
  await hydrated(evaPage);
  const lines = csvLines((await clickDownload(evaPage, 'Export CSV')).bytes);
  expect(lines[0]).toBe(LEAD_HEADER);
  const text = lines.join('\n');
  expect(text).toContain(`;${hers};`);
  expect(text).toContain(`;${pool};`);
  expect(text).not.toContain(his);
  await evaPage.context().close();
});

test('the Klienti lists export their search', async ({ page, request, baseURL }) => {
  const tag = uniqueName('Exp');
  const name = `ŠKODA ${tag} a.s.`;
  const fields = { name, ico: '', dic: '', street: '', city: 'Mladá Boleslav', postal_code: '', web: '', phone: '' };
  const form = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`input[${k}]`, v]));
  const created = await request.post('/api/clients/account-create', { headers: { Origin: baseURL!, Accept: 'application/json' }, form });
  expect(created.status()).toBe(200);

  await page.goto('/clients');
  await hydrated(page);
  const q = `skoda ${tag.toLowerCase()}`;
  await page.getByRole('searchbox', { name: 'Hledat' }).fill(q);
  await Promise.all([
    page.waitForURL((url) => url.searchParams.get('q') === q),
    page.getByRole('button', { name: 'Hledat' }).click(),
  ]);
  await expect(page.getByRole('link', { name })).toBeVisible();
  // One organisation found (on a phone the table's rows lay out as cards, without row roles).
  await expect(page.locator('.data-table tbody tr')).toHaveCount(1);
  if (isPhone(page)) await expectNoSidewaysScroll(page);

  const { download, bytes } = await clickDownload(page, 'Export CSV');
  expect(download.suggestedFilename()).toMatch(/^organizace-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = csvLines(bytes);
  expect(lines[0]).toBe('Název;IČO;DIČ;Ulice;Město;PSČ;Web;Telefon;Obchodník;Vytvořeno');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`${name};;;;Mladá Boleslav;`);
  const excel = await clickDownload(page, 'Export Excel');
  expect(excel.download.suggestedFilename()).toMatch(/^organizace-\d{4}-\d{2}-\d{2}\.xlsx$/);
});
