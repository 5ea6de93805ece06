import { Page, TestInfo, expect, test } from '@playwright/test';
import { card, createLead, hydrated, isPhone, moveWithKeyboard, openBoard, uniqueName } from './helpers';
import { ADMIN_STATE } from './accounts';

/**
 * The desktop and phone projects run side by side: each watches leads of its own source, so
 * neither sees the other's changes in its numbers (the other specs create trade-fair leads).
 */
function ownSource(testInfo: TestInfo): { code: string; label: string } {
  return testInfo.project.name === 'phone'
    ? { code: 'referral', label: 'Doporučení' }
    : { code: 'marketing', label: 'Marketing' };
}

/** The number a bar of a chart shows (its table says the same). */
async function bar(page: Page, chart: string, label: string): Promise<number> {
  return Number(await page.locator(`#${chart} g.bar[data-label="${label}"]`).getAttribute('data-value'));
}

test('a move on the board and a new lead show on a manager\'s open dashboard within 2 s', async ({
  page, browser, request, baseURL,
}, testInfo) => {
  const source = ownSource(testInfo);
  const last = uniqueName('Přehled');
  await createLead(request, baseURL!, last, 'Přehledová s.r.o.', source.code);

  // The manager's screen: its own browser context, the dashboard narrowed to the source.
  const { viewport, isMobile, hasTouch, deviceScaleFactor, userAgent } = testInfo.project.use;
  const other = await browser.newContext({
    storageState: ADMIN_STATE, viewport, isMobile, hasTouch, deviceScaleFactor, userAgent, locale: 'cs-CZ',
  });
  const manager = await other.newPage();
  await manager.goto(`${baseURL}/dashboard?period=week&source=${source.code}`);
  await hydrated(manager);
  await expect(manager.locator('#dash-source')).toHaveValue(source.code);
  const inProcess = await bar(manager, 'chart-funnel', 'V jednání');
  const fresh = await bar(manager, 'chart-funnel', 'Nový');
  expect(fresh).toBeGreaterThanOrEqual(1);

  // A salesperson moves the lead on the board.
  await openBoard(page);
  await moveWithKeyboard(page, card(page, 'Nový', last), 'V jednání');
  await expect(card(page, 'V jednání', last)).toHaveCount(1);

  // The manager did nothing: the funnel moved by itself.
  const funnel = manager.locator('#chart-funnel');
  await expect(funnel.locator('g.bar[data-label="V jednání"]')).toHaveAttribute('data-value', String(inProcess + 1), { timeout: 2_000 });
  await expect(funnel.locator('g.bar[data-label="Nový"]')).toHaveAttribute('data-value', String(fresh - 1));

  // A new lead of that source raises the count of new leads and its row in the sources table.
  const newLeads = Number(await manager.locator('#kpi-new .kpi-value').textContent());
  await createLead(request, baseURL!, uniqueName('Další'), 'Přehledová s.r.o.', source.code);
  await expect(manager.locator('#kpi-new .kpi-value')).toHaveText(String(newLeads + 1), { timeout: 2_000 });
  await expect(manager.locator(`#sources-table tr[data-source="${source.code}"] td`).first()).toHaveText(String(newLeads + 1));
  await other.close();
});

test('the dashboard: charts with their numbers as tables, filters in the address, errors by the field', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('link', { name: 'Přehled', exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: 'Přehled obchodu' })).toBeVisible();

  // Each chart is an image with a name, and its numbers are a table away.
  const weekly = page.getByRole('img', { name: 'Nové leady po týdnech' });
  await expect(weekly).toBeVisible();
  await page.locator('#chart-new summary').click();
  const rows = page.locator('#chart-new table tbody tr');
  await expect(rows).toHaveCount(8);
  // This week's bar and the KPI say the same number. Both are live (other tests add leads
  // meanwhile): compare them read at one moment, until they agree.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const cells = document.querySelectorAll('#chart-new table tbody tr:last-child td');
        const kpi = document.querySelector('#kpi-new .kpi-value');
        return cells.length === 1 && Number(cells[0].textContent) === Number(kpi?.textContent);
      }),
    )
    .toBe(true);
  await expect(page.getByRole('img', { name: 'Trychtýř: leady z období podle stavu' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Pipeline: otevřené příležitosti' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Vyžaduje pozornost' })).toBeVisible();

  // Nothing is wider than the screen (a phone scrolls down, never sideways).
  // (A phone browser would zoom out to fit a too-wide page, so compare with the set width.)
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);

  // A filter applies at once and lands in the address, so the view can be sent to someone.
  await page.getByLabel('Období', { exact: true }).selectOption('month');
  await expect(page).toHaveURL(/period=month/);
  await expect(page.getByRole('img', { name: 'Nové leady po měsících' })).toBeVisible();
  await page.getByLabel('Zdroj', { exact: true }).selectOption('phone');
  await expect(page).toHaveURL(/source=phone/);
  // Only phone leads are counted now: every other source's row says 0.
  await expect(page.locator('#sources-table tbody tr:not([data-source="phone"]) td:first-of-type').filter({ hasNotText: /^0$/ })).toHaveCount(0);

  // A custom period that ends before it starts: the error stands by the field, the numbers go.
  await page.getByLabel('Období', { exact: true }).selectOption('custom');
  await expect(page).toHaveURL(/period=custom/);
  await expect(page.getByLabel('Od', { exact: true })).toBeVisible();
  await page.getByLabel('Do', { exact: true }).fill('2020-01-01');
  await expect(page).toHaveURL(/to=2020-01-01/);
  const error = page.locator('#dash-to ~ .field-error');
  await expect(error).toHaveText('Konec období musí být stejný den nebo po začátku.');
  await expect(page.getByLabel('Do', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Opravte filtry výše.')).toBeVisible();
  await expect(page.locator('#kpi-new')).toHaveCount(0);
  if (isPhone(page)) await expect(error).toBeInViewport();
});

test('every select names its choice after hydration: the period, whoever is chosen', async ({ page, request, baseURL }) => {
  /** Each select's id with its selected index and value, as the browser has them now. */
  const selects = () =>
    page.locator('select').evaluateAll((els) =>
      (els as HTMLSelectElement[]).map((s) => `${s.id}:${s.selectedIndex}:${s.value}`),
    );

  await page.goto('/dashboard');
  await hydrated(page);
  await expect(page.locator('#dash-period')).toHaveValue('week');
  expect(await page.locator('#dash-period').evaluate((s: HTMLSelectElement) => s.selectedIndex)).toBe(0);
  for (const s of await selects()) expect(s, `${s} shows nothing`).not.toMatch(/:-1:/);

  await page.goto('/dashboard?period=month&source=web_form');
  await hydrated(page);
  await expect(page.locator('#dash-period')).toHaveValue('month');
  await expect(page.locator('#dash-source')).toHaveValue('web_form');
  for (const s of await selects()) expect(s, `${s} shows nothing`).not.toMatch(/:-1:/);

  // Reached by a link inside the app (rendered in the browser, not hydrated): the same.
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('link', { name: 'Přehled', exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator('#dash-period')).toHaveValue('week');
  for (const s of await selects()) expect(s, `${s} shows nothing`).not.toMatch(/:-1:/);

  // The other pages with selects: quick entry and a lead's detail (owner, BANT, activity).
  for (const path of ['/leads/new', `/leads/${await createLead(request, baseURL!, uniqueName('Výběrová'))}`]) {
    await page.goto(path);
    await hydrated(page);
    expect(await selects()).not.toHaveLength(0);
    for (const s of await selects()) expect(s, `${path} ${s} shows nothing`).not.toMatch(/:-1:/);
  }
});
