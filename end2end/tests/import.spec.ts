import { APIRequestContext, Locator, Page, expect, test } from '@playwright/test';
import * as path from 'node:path';
import { card, createLead, hydrated, isPhone, moveLead, openBoard, uniqueName } from './helpers';

/**
 * Text as Czech Excel saves a CSV: windows-1250. Node encodes only UTF-8, so the few letters
 * used here are mapped by hand (everything else in the file is ASCII).
 */
const WINDOWS_1250: Record<string, number> = {
  Á: 0xc1, á: 0xe1, Č: 0xc8, č: 0xe8, Ď: 0xcf, ď: 0xef, É: 0xc9, é: 0xe9, Ě: 0xcc, ě: 0xec,
  Í: 0xcd, í: 0xed, Ň: 0xd2, ň: 0xf2, Ó: 0xd3, ó: 0xf3, Ř: 0xd8, ř: 0xf8, Š: 0x8a, š: 0x9a,
  Ť: 0x8d, ť: 0x9d, Ú: 0xda, ú: 0xfa, Ů: 0xd9, ů: 0xf9, Ý: 0xdd, ý: 0xfd, Ž: 0x8e, ž: 0x9e,
};

function windows1250(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const code = ch.charCodeAt(0);
      if (code < 0x80) return code;
      const mapped = WINDOWS_1250[ch];
      if (mapped === undefined) throw new Error(`no windows-1250 byte for ${ch}`);
      return mapped;
    }),
  );
}

/** A Czech mobile number no other run uses (derived from the run's unique name). */
function uniquePhone(seed: string): string {
  let n = 0;
  for (const ch of seed) n = (n * 31 + ch.charCodeAt(0)) % 100_000_000;
  return `7${String(n).padStart(8, '0')}`;
}

/** Moves a lead to V jednání the way the board does (its server function): "touching" it. */
async function moveToInProcess(request: APIRequestContext, baseURL: string, id: number): Promise<void> {
  await moveLead(request, baseURL, id, 'InProcess');
}

/** Nothing on the page is wider than the screen (a wide table scrolls in its own region). */
async function noSidewaysScroll(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

/** Chooses a file in the upload form and sends it, as a person does. */
async function uploadFile(page: Page, file: Parameters<Locator['setInputFiles']>[0]): Promise<void> {
  await page.getByLabel('Soubor (.csv nebo .xlsx)').setInputFiles(file);
  await page.getByRole('button', { name: 'Nahrát a zobrazit náhled' }).click();
}

/** How many times a later row repeats an earlier one: enough for more than one commit step
 * (250 rows) and more than one preview page (100 rows). */
const REPEATS = 300;

/** Expects the lead search to find `n` leads named "Jan `name`" (opens the search page). */
async function expectSearchHits(page: Page, name: string, n: number) {
  await page.goto(`/search?q=${encodeURIComponent(name)}`);
  const results = page.getByRole('list', { name: 'Hledat leady' });
  await expect(results.getByRole('link', { name: `Jan ${name}` })).toHaveCount(n);
}

test('import a fair list: upload, map, preview, choose, commit, see the leads, undo', async ({
  page, request, baseURL,
}) => {
  test.setTimeout(120_000);
  // A lead that exists before the import: the file has it again.
  const known = uniqueName('Známý');
  const knownId = await createLead(request, baseURL!, known);

  const u = uniqueName('');
  const fresh = `Nový${u}`;
  const twice = `Dvojí${u}`;
  const broken = `Chybná${u}`;
  const yellow = `Žlutý${u}`;
  const phone = uniquePhone(u);
  const lines = [
    'Jméno;Příjmení;E-mail;Telefon;Firma;Stánek',
    `Petr;${fresh};petr.${u}@firma.cz;;Pekárna Šťastná;B12`, // row 2: new
    `Jan;${known};${known.toLowerCase()}@firma.cz;;Testovací firma s.r.o.;B13`, // row 3: the known lead
    `Eva;${broken};eva.${u}@@firma;;Chyba s.r.o.;B14`, // row 4: a bad email
    `Marie;${twice};marie.${u}@firma.cz;;Dvořák a syn;B15`, // row 5: new
    `Řehoř;${yellow};;${phone};Žluťoučký kůň;B17`, // row 6: new, a phone only
  ];
  // Rows 7…: row 5 again and again (a list merged from two fairs).
  for (let i = 0; i < REPEATS; i++) lines.push(`Marie;${twice};marie.${u}@firma.cz;;Dvořák a syn;C${i}`);
  const rows = lines.length - 1;
  const file = `veletrh-${u}.csv`;

  // The board links to the import (the admin may import).
  await openBoard(page);
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page).toHaveURL(/\/leads\/import$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import leadů');
  await hydrated(page);

  // A bad file is refused with a translated reason by the file field; nothing else happens.
  await uploadFile(page, { name: 'prazdny.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
  await expect(page).toHaveURL(/\/leads\/import$/);
  await expect(page.locator('#import-file-error')).toHaveText('Soubor je prázdný.');
  await expect(page.getByLabel('Soubor (.csv nebo .xlsx)')).toHaveAttribute('aria-invalid', 'true');

  // The list itself.
  await uploadFile(page, {
    name: file, mimeType: 'text/csv', buffer: windows1250(lines.join('\r\n') + '\r\n'),
  });
  await expect(page).toHaveURL(/\/leads\/import\/\d+$/);
  const batchUrl = page.url();
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Import: ${file}`);

  // Recognised headers come mapped (decoded from windows-1250); "Stánek" is not a field.
  await expect(page.getByLabel('Sloupec „Příjmení“ importovat jako')).toHaveValue('last_name');
  await expect(page.getByLabel('Sloupec „E-mail“ importovat jako')).toHaveValue('email');
  const booth = page.getByLabel('Sloupec „Stánek“ importovat jako');
  await expect(booth).toHaveValue('ignore');
  await expect(page.locator('tr[data-column="5"] .mapping-samples')).toContainText('B12');
  // Change one mapping: the booth goes to the description.
  await booth.selectOption({ label: 'Přidat do popisu' });
  await expect(booth).toHaveValue('append');
  await expect(page.getByLabel('Nepřiřazené sloupce přidat do popisu')).toBeChecked();
  await page.getByLabel('Zdroj', { exact: true }).selectOption({ label: 'Veletrh' });
  await expect(page.getByLabel('Obchodník', { exact: true })).toHaveValue('rules');
  await expect(page.locator('.preview-status')).toHaveText('');

  // The preview: the kinds and their counts.
  const filters = page.getByRole('group', { name: 'Zobrazit řádky' });
  await expect(filters.getByRole('button', { name: `Vše (${rows})` })).toHaveAttribute('aria-pressed', 'true');
  await expect(filters.getByRole('button', { name: 'Nové (3)' })).toBeVisible();
  await expect(filters.getByRole('button', { name: `Duplicity (${REPEATS + 1})` })).toBeVisible();
  await expect(filters.getByRole('button', { name: 'Chybné (1)' })).toBeVisible();
  const table = page.getByRole('region', { name: 'Náhled řádků souboru' });
  // One page of rows at a time, never the whole file.
  await expect(table.locator('tbody tr')).toHaveCount(100);
  await expect(page.getByTestId('shown-rows')).toHaveText(`Řádky 1–100 z ${rows}`);
  const row = (n: number) => table.locator(`tr[data-row="${n}"]`);
  await expect(row(2)).toHaveAttribute('data-kind', 'new');
  // The invalid row says why, by the cell.
  await expect(row(4)).toHaveAttribute('data-kind', 'invalid');
  await expect(row(4).locator('td.cell-invalid .cell-problem')).toContainText('Zadejte platný e-mail');
  // The duplicate of the known lead links to it; the repeat names the earlier row.
  await expect(row(3)).toHaveAttribute('data-kind', 'duplicate');
  await expect(row(3).getByRole('link', { name: `Jan ${known}` })).toHaveAttribute('href', `/leads/${knownId}`);
  await expect(row(3)).toContainText('stejný e-mail');
  await expect(row(7)).toContainText('Dříve v souboru: řádek 5');
  await expect(page.getByTestId('commit-import')).toHaveText('Importovat 3 leady');
  // The next page.
  await page.getByRole('button', { name: 'Další' }).click();
  await expect(page.getByTestId('shown-rows')).toHaveText(`Řádky 101–200 z ${rows}`);
  await expect(table.locator('tbody tr').first()).toHaveAttribute('data-row', '102');

  // Only the duplicates; the known lead is created anyway, the repeats are skipped (default).
  await filters.getByRole('button', { name: /^Duplicity/ }).click();
  await expect(filters.getByRole('button', { name: /^Duplicity/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('shown-rows')).toHaveText(`Řádky 1–100 z ${REPEATS + 1}`);
  await expect(table.locator('tbody tr[data-kind="new"]')).toHaveCount(0);
  const choice = page.getByLabel('Řádek 3: co s duplicitou');
  await expect(choice).toHaveValue('skip');
  await choice.selectOption({ label: 'Přesto vytvořit' });
  await expect(page.getByTestId('commit-import')).toHaveText('Importovat 4 leady');
  await expect(choice).toHaveValue('create');
  await expect(page.getByLabel('Řádek 7: co s duplicitou')).toHaveValue('skip');
  await expect(page.getByTestId('will-do')).toContainText(`přeskočí se ${REPEATS}`);
  if (isPhone(page)) {
    // The wide table scrolls inside its region; the page does not.
    await noSidewaysScroll(page);
    expect(await table.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  }

  // Commit: the bar moves step by step (recorded as it changes) and ends full.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('#import-progress');
      const value = bar?.getAttribute('value');
      if (value !== null && value !== undefined && seen[seen.length - 1] !== value) seen.push(value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
  });
  await page.getByTestId('commit-import').click();
  await expect(page.getByTestId('progress-text')).toHaveText(`${rows} z ${rows}`, { timeout: 30_000 });
  const bar = page.getByRole('progressbar', { name: 'Průběh importu' });
  await expect(bar).toHaveAttribute('value', String(rows));
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen.map(Number));
  expect(seen.some((v) => v > 0 && v < rows), `values seen: ${seen}`).toBe(true);
  const summary = page.getByTestId('import-summary');
  await expect(summary.getByRole('heading')).toHaveText('Import je dokončený');
  await expect(summary.locator('[data-count="created"] dd')).toHaveText('4');
  await expect(summary.locator('[data-count="skipped"] dd')).toHaveText(String(REPEATS));
  await expect(summary.locator('[data-count="invalid"] dd')).toHaveText('1');

  // The new leads are on the board, the known one twice now.
  await page.getByRole('link', { name: 'Zobrazit na tabuli' }).click();
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);
  for (const name of [fresh, twice, yellow]) await expect(card(page, 'Nový', name)).toHaveCount(1);
  await expect(card(page, 'Nový', broken)).toHaveCount(0);
  // The known lead is older: the board's first page of Nový may not reach it while other
  // tests add leads. The search finds it wherever it is.
  await expectSearchHits(page, known, 2);
  await openBoard(page);

  // The booth went to the description; then somebody works the lead, so undo keeps it.
  await card(page, 'Nový', yellow).getByRole('link', { name: `Řehoř ${yellow}` }).click();
  await expect(page).toHaveURL(/\/leads\/\d+$/);
  const yellowId = Number(page.url().split('/').pop());
  await expect(page.getByLabel('Popis', { exact: true })).toHaveValue(/Stánek: B17/);
  await moveToInProcess(request, baseURL!, yellowId);

  // "Vrátit import" asks first, then reports what it removed and what it kept, and why.
  await page.goto(batchUrl);
  await hydrated(page);
  await page.getByRole('button', { name: 'Vrátit import' }).click();
  await expect(page.getByText(`Vrátit import souboru „${file}“?`)).toBeVisible();
  await page.getByRole('button', { name: 'Ano, vrátit' }).click();
  const report = page.getByTestId('undo-report');
  await expect(report).toContainText('Odstraněno leadů: 3.');
  await expect(report).toContainText('Ponecháno leadů: 1.');
  await expect(report).toContainText('změnil se stav: 1');
  await expect(page.getByRole('button', { name: 'Vrátit import' })).toHaveCount(0);

  // The untouched leads are gone; the worked one and the known lead stay.
  await openBoard(page);
  for (const name of [fresh, twice]) await expect(card(page, 'Nový', name)).toHaveCount(0);
  await expect(card(page, 'V jednání', yellow)).toHaveCount(1);
  await expectSearchHits(page, known, 1);

  // The list of imports says it was undone, and what the undo did.
  await page.goto('/leads/import');
  const listed = page.locator('tr', { has: page.getByRole('link', { name: file }) });
  await expect(listed).toContainText('Vrácený');
  await expect(listed.getByTestId('undo-report')).toContainText('Odstraněno leadů: 3.');
  await noSidewaysScroll(page);
});

test('a workbook with two sheets: choose the sheet, see its rows; a picture is refused', async ({ page }) => {
  await page.goto('/leads/import');
  await hydrated(page);

  // Not a sheet at all: refused by the file field, with what to upload instead.
  await uploadFile(page, {
    name: 'vizitka.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
  });
  await expect(page).toHaveURL(/\/leads\/import$/);
  await expect(page.locator('#import-file-error')).toHaveText(
    'Tento typ souboru neumíme načíst. Nahrajte .csv nebo .xlsx.',
  );

  // dva-listy.xlsx (made by fixtures/dva-listy.py): "Brno" first, then "Praha".
  await uploadFile(page, path.join(__dirname, '..', 'fixtures', 'dva-listy.xlsx'));
  await expect(page).toHaveURL(/\/leads\/import\/\d+$/);
  await hydrated(page);
  const sheet = page.getByLabel('List sešitu');
  await expect(sheet).toHaveValue('Brno');
  await expect(sheet.locator('option')).toHaveText(['Brno', 'Praha']);
  const table = page.getByRole('region', { name: 'Náhled řádků souboru' });
  await expect(table).toContainText('Xlsxová');
  // A number cell is read as the number the sheet shows (not 602123456.0), then written as
  // every phone is.
  await expect(table.locator('tr[data-row="2"]')).toContainText('+420 602 123 456');
  await expect(table).not.toContainText('.0');

  // The other sheet: its own columns, recognised, and its own rows.
  await sheet.selectOption('Praha');
  await expect(page.getByLabel('Sloupec „Celé jméno“ importovat jako')).toHaveValue('full_name');
  await expect(page.getByLabel('Sloupec „IČO“ importovat jako')).toHaveValue('ico');
  await expect(table).not.toContainText('Xlsxová');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.locator('tr[data-row="2"]')).toContainText('27082440');
  // A wrong IČO checksum is named in its cell.
  await expect(table.locator('tr[data-row="3"]')).toHaveAttribute('data-kind', 'invalid');
  await expect(table.locator('tr[data-row="3"] td.cell-invalid .cell-problem')).toContainText('kontrolní číslice');
  // Text that looks like a formula is shown as the text it is.
  await expect(table.locator('tr[data-row="4"]')).toContainText('=HYPERLINK("x")');
  await noSidewaysScroll(page);
});
