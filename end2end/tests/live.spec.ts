import { expect, test } from '@playwright/test';
import { card, createLead, hydrated, moveWithKeyboard, uniqueName } from './helpers';
import { ADMIN_STATE } from './accounts';

test('a move on one screen shows on another open board within 2 s, and so does a new lead', async ({
  page, browser, request, baseURL,
}, testInfo) => {
  const last = uniqueName('Živý');
  await createLead(request, baseURL!, last);

  // A second screen: its own browser context, signed in, watching the board.
  const { viewport, isMobile, hasTouch, deviceScaleFactor, userAgent } = testInfo.project.use;
  const other = await browser.newContext({
    storageState: ADMIN_STATE, viewport, isMobile, hasTouch, deviceScaleFactor, userAgent, locale: 'cs-CZ',
  });
  const watcher = await other.newPage();
  await watcher.goto(`${baseURL}/`);
  await hydrated(watcher);
  await expect(card(watcher, 'Nový', last)).toHaveCount(1);

  await page.goto('/');
  await hydrated(page);
  await moveWithKeyboard(page, card(page, 'Nový', last), 'V jednání');
  await expect(card(page, 'V jednání', last)).toHaveCount(1);

  // The watcher did nothing: the card moved on its board by itself.
  await expect(card(watcher, 'V jednání', last)).toHaveCount(1, { timeout: 2_000 });
  await expect(card(watcher, 'Nový', last)).toHaveCount(0);

  // A lead that arrives while the board is open appears in Nový.
  const fresh = uniqueName('Příchozí');
  await createLead(request, baseURL!, fresh);
  await expect(card(watcher, 'Nový', fresh)).toHaveCount(1, { timeout: 2_000 });
  await other.close();
});
