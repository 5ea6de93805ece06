import { ConsoleMessage, Page, expect, test } from '@playwright/test';
import { card, column, createLead, hydrated, isPhone, touchDrag, uniqueName } from './helpers';

/**
 * The Content-Security-Policy must not cost the app anything: the board hydrates (its inline
 * scripts carry the response's nonce, the WebAssembly compiles under 'wasm-unsafe-eval'), the
 * live stream connects, a drag moves a card, and the browser reports no violation and no
 * console error on the way.
 */

/** Records CSP violations (as the page sees them) and console errors. */
async function watchForProblems(page: Page): Promise<() => Promise<string[]>> {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    (window as unknown as { __violations: string[] }).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __violations: string[] }).__violations.push(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  return async () => [
    ...errors,
    ...(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)),
  ];
}

test('the board works under the security headers, with no policy violation', async ({ page, request, baseURL }) => {
  const problems = await watchForProblems(page);
  const last = uniqueName('Hlavičky');
  await createLead(request, baseURL!, last);

  // The live stream opens (EventSource to /api/events: connect-src 'self').
  const events = page.waitForResponse((r) => r.url().includes('/api/events'), { timeout: 15_000 });
  const response = await page.goto('/');
  const headers = response!.headers();
  const csp = headers['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'nonce-");
  expect(csp).toContain("'wasm-unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  expect(headers['cache-control']).toBe('no-store');

  // Hydration happened: the WebAssembly ran and marked the page.
  await hydrated(page);
  expect((await events).status()).toBe(200);

  // A drag still moves a card (the finger's floating copy is placed through the CSSOM).
  const source = card(page, 'Nový', last);
  await expect(source).toHaveCount(1);
  if (isPhone(page)) {
    await touchDrag(page, source, 2);
  } else {
    await source.dragTo(column(page, 'V jednání'));
  }
  await expect(card(page, 'V jednání', last)).toHaveCount(1);
  await expect(card(page, 'V jednání', last)).not.toHaveClass(/pending/);

  // A button that needs the WebAssembly: the move menu opens in place.
  const moved = card(page, 'V jednání', last);
  await moved.getByRole('button', { name: /Přesunout|Move/ }).click();
  await expect(moved.getByRole('menu')).toBeVisible();
  await page.keyboard.press('Escape');

  // Another page by client-side navigation, and one loaded afresh.
  await page.getByRole('link', { name: last }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Jan ${last}`);
  await page.reload();
  await hydrated(page);

  expect(await problems()).toEqual([]);
});

test('a page cannot be framed by another site', async ({ page, baseURL }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.setContent(`<iframe id="f" src="${baseURL}/"></iframe>`);
  // The frame stays empty: frame-ancestors 'none' refuses it.
  await expect
    .poll(() => problems.some((p) => /frame-ancestors|Refused to frame|Refused to display|X-Frame-Options/i.test(p)), { timeout: 10_000 })
    .toBe(true);
});
