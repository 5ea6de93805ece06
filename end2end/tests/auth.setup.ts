import { expect, test as setup } from '@playwright/test';
import { ADMIN, ADMIN_STATE } from './accounts';
import { hydrated } from './helpers';

setup('sign the admin in', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await hydrated(page);
  await page.getByLabel('E-mail').fill(ADMIN.email);
  await page.getByLabel('Heslo').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Přihlásit se' }).click();
  await expect(page.getByRole('heading', { name: 'Nástěnka leadů' })).toBeVisible();
  await page.context().storageState({ path: ADMIN_STATE });
});
