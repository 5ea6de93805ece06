import { expect, test } from '@playwright/test';
import { card, column, hydrated, uniqueName } from './helpers';
import { ADMIN_STATE } from './accounts';

test.describe('quick entry', () => {
  test('enter a lead on the form and find it in Nový on the board', async ({ page }) => {
    const last = uniqueName('Nováková');
    await page.goto('/leads/new');
    await hydrated(page);
    await page.getByLabel('Jméno', { exact: true }).fill('Petra');
    await page.getByLabel('Příjmení').fill(last);
    await page.getByLabel('E-mail').fill('petra.novakova@pekarna.cz');
    await page.getByLabel('Telefon').fill('+420 777 123 456');
    await page.getByLabel('Firma').fill('Pekárna U Mlýna s.r.o.');
    await page.getByLabel('Zdroj').selectOption({ label: 'Veletrh' });
    await page.getByLabel('Popis').fill('Chce ochutnávku na veletrhu.');
    await page.getByRole('button', { name: 'Uložit' }).click();

    const confirmation = page.getByRole('status').filter({ hasText: `Lead Petra ${last} je uložen.` });
    await expect(confirmation).toBeVisible();
    // Ready for the next visitor: the form is empty again.
    await expect(page.getByLabel('Příjmení')).toHaveValue('');
    await expect(page.getByLabel('E-mail')).toHaveValue('');

    await page.getByRole('navigation').getByRole('link', { name: 'Nástěnka' }).click();
    const newCard = card(page, 'Nový', last);
    await expect(newCard).toHaveCount(1);
    await expect(newCard).toContainText('Pekárna U Mlýna s.r.o.');
    await expect(newCard).toContainText('Veletrh');
  });

  test('an invalid email shows the error next to the field and creates nothing', async ({ page }) => {
    const last = uniqueName('Chybná');
    await page.goto('/leads/new');
    await hydrated(page);
    await page.getByLabel('Příjmení').fill(last);
    await page.getByLabel('E-mail').fill('jan@@firma');
    await page.getByLabel('Telefon').fill('123');
    await page.getByRole('button', { name: 'Uložit' }).click();

    const email = page.getByLabel('E-mail');
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#quick-email-error')).toHaveText('Zadejte platný e-mail, např. jan.novak@firma.cz.');
    await expect(page.locator('#quick-phone-error')).toContainText('Zadejte platné telefonní číslo');
    await expect(page.getByLabel('Příjmení')).toHaveValue(last, { timeout: 1000 });

    await page.goto('/');
    await hydrated(page);
    await expect(column(page, 'Nový')).toBeVisible();
    await expect(page.getByText(last)).toHaveCount(0);
  });

  test('a double submit creates one lead', async ({ page }) => {
    const last = uniqueName('Dvojitá');
    await page.goto('/leads/new');
    await hydrated(page);
    await page.getByLabel('Příjmení').fill(last);
    await page.getByLabel('Telefon').fill('777 123 456');
    await page.getByRole('button', { name: 'Uložit' }).dblclick();
    await expect(page.getByRole('status').filter({ hasText: last })).toBeVisible();

    // Even two submits that both reach the server (a retry) carry one form key.
    const last2 = uniqueName('Opakovaná');
    await page.getByLabel('Příjmení').fill(last2);
    await page.getByLabel('Telefon').fill('777 123 457');
    await page.evaluate(() => {
      const form = document.querySelector('form[action*="leads/create"]') as HTMLFormElement;
      form.requestSubmit();
      form.requestSubmit();
    });
    await expect(page.getByRole('status').filter({ hasText: last2 }).first()).toBeVisible();

    await page.goto('/');
    await hydrated(page);
    await expect(card(page, 'Nový', last)).toHaveCount(1);
    await expect(card(page, 'Nový', last2)).toHaveCount(1);
  });

  test('works before the WebAssembly arrives (plain form post)', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL, storageState: ADMIN_STATE });
    const page = await context.newPage();
    const last = uniqueName('Bezskriptová');
    await page.goto('/leads/new');
    await page.getByLabel('Příjmení').fill(last);
    await page.getByLabel('E-mail').fill('bez@skriptu.cz');
    await page.getByRole('button', { name: 'Uložit' }).click();
    await expect(page).toHaveURL(/\/leads\/new\?saved=\d+/);
    await expect(page.getByText(`Lead ${last} je uložen.`)).toBeVisible();
    await page.goto('/');
    await expect(card(page, 'Nový', last)).toHaveCount(1);
    await context.close();
  });
});
