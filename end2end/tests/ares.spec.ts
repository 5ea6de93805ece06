import { expect, test } from '@playwright/test';
import { createLead, hydrated, uniqueName } from './helpers';

// "Načíst z ARES" against the ARES stub (end2end/ares-stub.mjs serving tests/fixtures/ares):
// quick entry, the lead detail and the organisation form fill in the company; a failure says
// why next to the button and saving still works.

const BRNO = '28453018';
const PRAHA = '25601148';
const UNKNOWN = '01234561';

test('quick entry fills the company from ARES and the lead keeps it', async ({ page }) => {
  const last = uniqueName('Aresová');
  await page.goto('/leads/new');
  await hydrated(page);
  await page.getByLabel('Příjmení').fill(last);
  await page.getByLabel('E-mail').fill('jana@strojirny-modrice.cz');
  await page.getByRole('textbox', { name: 'IČO' }).fill(BRNO);
  await page.getByRole('button', { name: 'Načíst z ARES' }).click();

  await expect(page.locator('#quick-ares-message').getByRole('status')).toHaveText(
    'Vyplněno z ARES: Strojírny Modřice s.r.o. — zkontrolujte údaje a uložte.',
  );
  await expect(page.getByLabel('Firma')).toHaveValue('Strojírny Modřice s.r.o.');
  await expect(page.getByRole('textbox', { name: 'DIČ' })).toHaveValue('CZ28453018');
  await expect(page.getByLabel('Ulice a číslo')).toHaveValue('Husova 240/12');
  await expect(page.getByLabel('Město')).toHaveValue('Brno');
  await expect(page.getByLabel('PSČ')).toHaveValue('602 00');
  await expect(page.getByLabel('Kraj')).toHaveValue('JHM');
  await page.getByRole('button', { name: 'Uložit' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Lead ${last} je uložen.` })).toBeVisible();
  // Ready for the next visitor: the company is gone with the rest.
  await expect(page.getByLabel('Firma')).toHaveValue('');
  await expect(page.getByRole('textbox', { name: 'DIČ' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Otevřít lead' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(last);
  await expect(page.getByLabel('Firma')).toHaveValue('Strojírny Modřice s.r.o.');
  await expect(page.getByRole('textbox', { name: 'IČO' })).toHaveValue(BRNO);
  await expect(page.getByRole('textbox', { name: 'DIČ' })).toHaveValue('CZ28453018');
  await expect(page.getByLabel('Ulice a číslo')).toHaveValue('Husova 240/12');
  await expect(page.getByLabel('Město')).toHaveValue('Brno');
  await expect(page.getByLabel('PSČ')).toHaveValue('602 00');
  await expect(page.getByLabel('Kraj')).toHaveValue('JHM');
});

test('an IČO ARES does not know gets a clear message, and the lead still saves', async ({ page }) => {
  const last = uniqueName('Neznámá');
  await page.goto('/leads/new');
  await hydrated(page);
  await page.getByLabel('Příjmení').fill(last);
  await page.getByLabel('Telefon').fill('777 123 456');
  await page.getByLabel('Firma').fill('Firma, kterou ARES nezná');
  const ico = page.getByRole('textbox', { name: 'IČO' });
  const message = page.locator('#quick-ares-message');

  // A mistyped IČO is refused before anything is asked.
  await ico.fill('28453019');
  await page.getByRole('button', { name: 'Načíst z ARES' }).click();
  await expect(message).toHaveText('IČO má 8 číslic a poslední musí sedět jako kontrolní číslice.');

  // The stub answers 404: ARES does not know it.
  await ico.fill(UNKNOWN);
  await page.getByRole('button', { name: 'Načíst z ARES' }).click();
  await expect(message.getByRole('alert')).toHaveText(
    'ARES firmu s tímto IČO nezná. Zkontrolujte IČO; uložit můžete i tak.',
  );
  await expect(page.getByLabel('Firma')).toHaveValue('Firma, kterou ARES nezná');

  await page.getByRole('button', { name: 'Uložit' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Lead ${last} je uložen.` })).toBeVisible();
  await page.getByRole('link', { name: 'Otevřít lead' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(last);
  await expect(page.getByRole('textbox', { name: 'IČO' })).toHaveValue(UNKNOWN);
  await expect(page.getByLabel('Firma')).toHaveValue('Firma, kterou ARES nezná');
});

test('the lead detail fills the company from ARES and saves it', async ({ page, request, baseURL }) => {
  const last = uniqueName('Detailová');
  const id = await createLead(request, baseURL!, last, 'Pekárna');
  await page.goto(`/leads/${id}`);
  await hydrated(page);
  await page.getByRole('textbox', { name: 'IČO' }).fill(PRAHA);
  await page.getByRole('button', { name: 'Načíst z ARES' }).click();
  await expect(page.getByLabel('Firma')).toHaveValue('Pekárna U Mostu a.s.');
  await expect(page.getByRole('textbox', { name: 'DIČ' })).toHaveValue('CZ25601148');
  await expect(page.getByLabel('Ulice a číslo')).toHaveValue('Mostecká 1522/7a');
  await expect(page.getByLabel('Město')).toHaveValue('Praha');
  await expect(page.getByLabel('PSČ')).toHaveValue('118 00');
  await expect(page.getByLabel('Kraj')).toHaveValue('PHA');
  await page.getByRole('button', { name: 'Uložit', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Změny jsou uloženy.' })).toBeVisible();

  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Firma')).toHaveValue('Pekárna U Mostu a.s.');
  await expect(page.getByRole('textbox', { name: 'IČO' })).toHaveValue(PRAHA);
  await expect(page.getByRole('textbox', { name: 'DIČ' })).toHaveValue('CZ25601148');
  await expect(page.getByLabel('Ulice a číslo')).toHaveValue('Mostecká 1522/7a');
  await expect(page.getByLabel('PSČ')).toHaveValue('118 00');
  await expect(page.getByLabel('Kraj')).toHaveValue('PHA');
});

test('the organisation form fills in from ARES', async ({ page }, testInfo) => {
  // An IČO belongs to one organisation: each project creates its own.
  const company =
    testInfo.project.name === 'phone'
      ? { ico: '29138761', name: 'Pomalá odpověď s.r.o.', dic: 'CZ29138761', street: 'Třída Tomáše Bati 5335', city: 'Zlín', postal: '760 01' }
      : { ico: '47113987', name: 'Statek Lhota, zemědělské družstvo', dic: '', street: 'Lhota 15', city: 'Lhota', postal: '396 01' };
  await page.goto('/clients');
  await hydrated(page);
  await page.getByRole('button', { name: 'Nová organizace' }).click();
  await page.getByRole('textbox', { name: 'IČO', exact: true }).fill(company.ico);
  await page.getByRole('button', { name: 'Načíst z ARES' }).click();
  const name = page.getByRole('textbox', { name: 'Název organizace', exact: true });
  await expect(name).toHaveValue(company.name);
  await expect(page.getByRole('textbox', { name: 'DIČ' })).toHaveValue(company.dic);
  await expect(page.getByLabel('Ulice a číslo')).toHaveValue(company.street);
  await expect(page.getByLabel('Město')).toHaveValue(company.city);
  await expect(page.getByLabel('PSČ')).toHaveValue(company.postal);
  await page.getByRole('button', { name: 'Vytvořit' }).click();

  await expect(page).toHaveURL(/\/clients\/accounts\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(company.name);
  await expect(page.getByRole('textbox', { name: 'IČO', exact: true })).toHaveValue(company.ico);
  await expect(page.getByLabel('Ulice a číslo')).toHaveValue(company.street);
});
