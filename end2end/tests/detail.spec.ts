import { expect, test } from '@playwright/test';
import { createLead, hydrated, uniqueName } from './helpers';

test('edit a lead on its detail page; bad input is refused next to the field', async ({ page, request, baseURL }) => {
  const last = uniqueName('Detailní');
  const id = await createLead(request, baseURL!, last);
  await page.goto(`/leads/${id}`);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Jan ${last}`);
  await expect(page.getByRole('list', { name: 'Historie stavů' })).toContainText('Vytvořen: Nový');

  await page.getByLabel('Telefon').fill('12');
  await page.getByRole('button', { name: 'Uložit', exact: true }).click();
  await expect(page.locator('#detail-phone-error')).toContainText('Zadejte platné telefonní číslo');

  await page.getByLabel('Telefon').fill('602 123 456');
  await page.getByLabel('Firma').fill('Vinařství Pod Pálavou');
  await page.getByRole('button', { name: 'Uložit', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Změny jsou uloženy.');
  await expect(page.getByLabel('Telefon')).toHaveValue('+420 602 123 456');

  await page.reload();
  await expect(page.getByLabel('Firma')).toHaveValue('Vinařství Pod Pálavou');
  await expect(page.getByLabel('Telefon')).toHaveValue('+420 602 123 456');
});

test('an unknown lead says so', async ({ page }) => {
  const response = await page.goto('/leads/987654321');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('alert')).toHaveText('Lead nebyl nalezen.');
});
