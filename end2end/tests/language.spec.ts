import { expect, test } from '@playwright/test';
import { ADMIN_STATE } from './accounts';
import { column, hydrated } from './helpers';

test('Czech by default; English by the switch, remembered after a reload', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'cs');
  await expect(column(page, 'V jednání')).toHaveCount(1);

  await page.getByRole('button', { name: 'English' }).click();
  await expect(column(page, 'In process')).toHaveCount(1);
  await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'New lead' })).toBeVisible();

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(column(page, 'In process')).toHaveCount(1);

  await hydrated(page);
  await page.getByRole('button', { name: 'Čeština' }).click();
  await expect(column(page, 'V jednání')).toHaveCount(1);
});

test('the browser language picks English when there is no choice yet', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: 'en-GB', storageState: ADMIN_STATE });
  const page = await context.newPage();
  await page.goto('/leads/new');
  await expect(page.getByLabel('Last name')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save' })).toBeVisible();
  await context.close();
});
