import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser, Page, TestInfo, expect, test } from '@playwright/test';
import { ADMIN, ADMIN_STATE } from './accounts';
import { card, hydrated, uniqueName } from './helpers';

/**
 * A visitor's website on another port: the snippet copied from the admin page, as is. With
 * `js`, a small script posts the form with fetch (JSON, an Idempotency-Key) as the admin
 * page's fetch example does; without, the browser posts the plain form.
 */
function serveSite(site: { snippet: string }): Promise<http.Server> {
  const script = `<script>
document.querySelector('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const body = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    body[el.name] = el.type === 'checkbox' ? el.checked : el.value;
  }
  const response = await fetch(form.action, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  document.getElementById('result').textContent = response.status + ' ' + answer.status;
});
</script>`;
  const server = http.createServer((req, res) => {
    const withJs = req.url?.startsWith('/js') ?? false;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="cs"><head><meta charset="utf-8"><title>Firma</title></head>
<body><h1>Napište nám</h1>${site.snippet}<p id="result"></p>${withJs ? script : ''}</body></html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function context(browser: Browser, testInfo: TestInfo, options: { signedIn: boolean; js: boolean }) {
  const { viewport, isMobile, hasTouch, deviceScaleFactor, userAgent } = testInfo.project.use;
  return browser.newContext({
    viewport, isMobile, hasTouch, deviceScaleFactor, userAgent,
    locale: 'cs-CZ',
    javaScriptEnabled: options.js,
    storageState: options.signedIn ? ADMIN_STATE : { cookies: [], origins: [] },
  });
}

/** An address for a name: ASCII, as the snippet's `type="email"` field insists (the browser
 * would refuse "prostá…@" and never send the form). */
function mailOf(name: string): string {
  return `${name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()}@example.cz`;
}

/** Shows a status column (on a phone only one is on screen). */
async function showColumn(page: Page, status: string): Promise<void> {
  const tab = page.locator('.column-tab', { hasText: status });
  if (await tab.isVisible()) await tab.click();
}

test('an admin makes a web form; visitors post it with and without JavaScript; the board sees the leads arrive', async ({
  page, browser, baseURL,
}, testInfo) => {
  // The visitor's site must exist first: its origin is the form's allowed origin. It serves
  // the snippet once the admin page has shown it.
  const content = { snippet: '' };
  const site = await serveSite(content);
  const port = (site.address() as AddressInfo).port;
  const siteOrigin = `http://127.0.0.1:${port}`;

  const formName = uniqueName('Kontakt');
  await page.goto('/admin/forms');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Webové formuláře', level: 1 })).toBeVisible();
  const editor = page.locator('form.capture-form-editor');
  await editor.getByLabel('Název').fill(formName);
  await editor.getByLabel('Povolené weby (origin)').fill(siteOrigin);
  await editor.getByLabel('Obchodník').selectOption({ label: ADMIN.name });
  await editor.getByLabel('Text souhlasu').fill('Souhlasím se zpracováním osobních údajů.');
  // A mistake first: a thank-you URL that is not one; the field says so and nothing is saved.
  await editor.getByLabel('Stránka s poděkováním (URL)').fill('javascript:alert(1)');
  await editor.getByRole('button', { name: 'Uložit' }).click();
  await expect(editor.locator('#form-thank-you-error')).not.toBeEmpty();
  await expect(page.locator(`li[data-form="${formName}"]`)).toHaveCount(0);
  await editor.getByLabel('Stránka s poděkováním (URL)').fill('');
  await editor.getByRole('button', { name: 'Uložit' }).click();

  const row = page.locator(`li[data-form="${formName}"]`);
  await expect(row).toHaveCount(1);
  // A new form shows its snippets at once.
  const html = row.locator('pre[data-snippet="html"]');
  await expect(html).toContainText('<form method="post"');
  const key = (await row.locator('code.form-key').textContent())!.trim();
  expect(key).toMatch(/^[0-9a-f]{32}$/);
  await expect(html).toContainText(`/api/v1/capture/${key}`);
  await expect(row.locator('pre[data-snippet="fetch"]')).toContainText('Idempotency-Key');
  content.snippet = (await html.textContent())!;

  try {
    // Someone in the office watches the board.
    const office = await context(browser, testInfo, { signedIn: true, js: true });
    const board = await office.newPage();
    await board.goto(`${baseURL}/`);
    await hydrated(board);
    await showColumn(board, 'Přiřazený');

    // A visitor with JavaScript: the fetch posts JSON; the page shows the answer.
    const withJs = uniqueName('Skriptová');
    const visitor = await context(browser, testInfo, { signedIn: false, js: true });
    const site1 = await visitor.newPage();
    await site1.goto(`${siteOrigin}/js`);
    await site1.getByLabel('Příjmení').fill(withJs);
    await site1.getByLabel('E-mail').fill(mailOf(withJs));
    await site1.getByLabel('Souhlasím').check();
    await site1.getByRole('button', { name: 'Odeslat' }).click();
    await expect(site1.locator('#result')).toHaveText('201 created');
    await expect(card(board, 'Přiřazený', withJs)).toHaveCount(1, { timeout: 5_000 });

    // A visitor without JavaScript: the plain form, then Leady's thank-you page.
    const plain = uniqueName('Prostá');
    const noJs = await context(browser, testInfo, { signedIn: false, js: false });
    const site2 = await noJs.newPage();
    await site2.goto(`${siteOrigin}/`);
    await site2.getByLabel('Jméno').first().fill('Pavla');
    await site2.getByLabel('Příjmení').fill(plain);
    await site2.getByLabel('E-mail').fill(mailOf(plain));
    await site2.getByLabel('Souhlasím').check();
    await site2.getByRole('button', { name: 'Odeslat' }).click();
    await expect(site2.getByRole('heading', { name: 'Děkujeme' })).toBeVisible();
    expect(site2.url()).toBe(`${baseURL}/capture/thanks`);
    await expect(card(board, 'Přiřazený', plain)).toHaveCount(1, { timeout: 5_000 });

    // The lead's detail shows what was consented to.
    await card(board, 'Přiřazený', plain).getByRole('link').first().click();
    await expect(board.getByRole('heading', { name: 'Souhlasy' })).toBeVisible();
    await expect(board.locator('li.consent')).toContainText('Souhlasím se zpracováním osobních údajů.');
    await expect(board.locator('li.consent')).toContainText(formName);

    await Promise.all([office.close(), visitor.close(), noJs.close()]);
  } finally {
    await new Promise<void>((resolve) => site.close(() => resolve()));
  }
});
