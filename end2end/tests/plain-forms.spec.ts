import { expect, test } from '@playwright/test';
import { ADMIN } from './accounts';
import { card, createLead, uniqueName } from './helpers';

// The forms before the WebAssembly arrives (a phone at a fair waits seconds for it), here with
// JavaScript off altogether: the browser posts the plain HTML form. A refused post must come
// back to the same page with everything typed and the translated errors by the fields.
//
// What a refused post typed waits in the session, one per session, so each test signs in on
// its own: with the shared admin session, a desktop and a phone test running side by side
// picked up each other's refused form.
test.use({ javaScriptEnabled: false, storageState: { cookies: [], origins: [] } });

test.beforeEach(async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(ADMIN.email);
  await page.getByLabel('Heslo').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Přihlásit se' }).click();
  await expect(page.getByRole('heading', { name: 'Nástěnka leadů' })).toBeVisible();
});

test('quick entry: a mistyped email comes back with what was typed, then saves once', async ({ page }) => {
  const last = uniqueName('Prostá');
  await page.goto('/leads/new');
  await page.getByLabel('Jméno', { exact: true }).fill('Věra');
  await page.getByLabel('Příjmení').fill(last);
  await page.getByLabel('E-mail').fill('spatny@');
  await page.getByLabel('Firma').fill('Mlékárna Tábor a.s.');
  await page.getByLabel('Popis').fill('Chce vzorky sýrů.');
  await page.getByRole('button', { name: 'Uložit' }).click();

  await expect(page).toHaveURL(/\/leads\/new$/);
  await expect(page.locator('#quick-email-error')).toHaveText('Zadejte platný e-mail, např. jan.novak@firma.cz.');
  await expect(page.getByLabel('E-mail')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Jméno', { exact: true })).toHaveValue('Věra');
  await expect(page.getByLabel('Příjmení')).toHaveValue(last);
  await expect(page.getByLabel('E-mail')).toHaveValue('spatny@');
  await expect(page.getByLabel('Firma')).toHaveValue('Mlékárna Tábor a.s.');
  await expect(page.getByLabel('Popis')).toHaveValue('Chce vzorky sýrů.');
  await expect(page.getByLabel('Zdroj')).toHaveValue('trade_fair');
  await expect(page.getByText(/\{"Invalid"/)).toHaveCount(0);

  // Nothing was saved by the refused post.
  await page.goto('/');
  await expect(page.getByText(last)).toHaveCount(0);

  await page.goBack();
  await page.goto('/leads/new');
  // Shown once: a fresh visit has an empty form again.
  await expect(page.getByLabel('Příjmení')).toHaveValue('');
  await expect(page.locator('#quick-email-error')).toBeEmpty();

  await page.getByLabel('Příjmení').fill(last);
  await page.getByLabel('E-mail').fill('vera@mlekarna.cz');
  await page.getByRole('button', { name: 'Uložit' }).click();
  await expect(page).toHaveURL(/\/leads\/new\?saved=\d+/);
  await expect(page.getByText(`Lead ${last} je uložen.`)).toBeVisible();
  await page.goto('/');
  await expect(card(page, 'Nový', last)).toHaveCount(1);
});

test('lead detail: a refused edit keeps what was typed and changes nothing', async ({ page, baseURL }) => {
  const last = uniqueName('Prostý');
  const id = await createLead(page.request, baseURL!, last);
  await page.goto(`/leads/${id}`);
  await page.getByLabel('Telefon').fill('12');
  await page.getByLabel('Firma').fill('Nová firma s.r.o.');
  await page.getByRole('button', { name: 'Uložit', exact: true }).click();

  await expect(page).toHaveURL(new RegExp(`/leads/${id}$`));
  await expect(page.locator('#detail-phone-error')).toContainText('Zadejte platné telefonní číslo');
  await expect(page.getByLabel('Telefon')).toHaveValue('12');
  await expect(page.getByLabel('Firma')).toHaveValue('Nová firma s.r.o.');

  // The lead itself is as it was.
  await page.reload();
  await expect(page.getByLabel('Firma')).toHaveValue('Testovací firma s.r.o.');
  await expect(page.locator('#detail-phone-error')).toBeEmpty();
});

test('lead detail: a refused BANT and a refused activity come back filled in', async ({ page, baseURL }) => {
  const last = uniqueName('Kvalifikace');
  const id = await createLead(page.request, baseURL!, last);
  await page.goto(`/leads/${id}`);
  await page.getByLabel('Rozpočet (Kč)').fill('hodně peněz');
  await page.getByRole('button', { name: 'Uložit kvalifikaci' }).click();
  await expect(page).toHaveURL(new RegExp(`/leads/${id}$`));
  await expect(page.locator('#bant-budget-error')).toHaveText('Zadejte částku v celých korunách, např. 150 000.');
  await expect(page.getByLabel('Rozpočet (Kč)')).toHaveValue('hodně peněz');

  // A call needs its outcome: the page comes back as a call, with the words typed.
  await page.getByRole('radio', { name: 'Hovor' }).check();
  await page.locator('#activity-body').fill('Volal jsem, ozve se zítra.');
  await page.getByRole('button', { name: 'Zapsat' }).click();
  await expect(page).toHaveURL(new RegExp(`/leads/${id}$`));
  await expect(page.getByRole('radio', { name: 'Hovor' })).toBeChecked();
  await expect(page.locator('#activity-body')).toHaveValue('Volal jsem, ozve se zítra.');
  await expect(page.locator('#activity-outcome-error')).not.toBeEmpty();
  // The BANT form is back to what is saved (nothing): only the refused form is refilled.
  await expect(page.getByLabel('Rozpočet (Kč)')).toHaveValue('');
});
