import { Page, expect, test } from '@playwright/test';
import { card, column, createLead, hydrated, isPhone, moveWithKeyboard, openBoard, uniqueName } from './helpers';

/** Shows a status column (on a phone only one is on screen). */
async function showColumn(page: Page, status: string): Promise<void> {
  const tab = page.locator('.column-tab', { hasText: status });
  if (await tab.isVisible()) await tab.click();
}

test('fill BANT, see the suggested score and why, override it, filter the board by it', async ({ page, request, baseURL }) => {
  const last = uniqueName('Bantová');
  const id = await createLead(request, baseURL!, last);
  await page.goto(`/leads/${id}`);
  await hydrated(page);

  const suggestion = page.getByTestId('score-suggestion');
  await expect(suggestion).toContainText('Návrh: C');
  await page.getByLabel('Popis potřeby').fill('Nová balicí linka do Zlína');
  await page.getByLabel('Potřeba potvrzena').selectOption({ label: 'ano' });
  await page.getByLabel('Rozpočet (Kč)').fill('1 500 000');
  await page.getByLabel('Stav rozpočtu').selectOption({ label: 'schválený' });
  await page.getByLabel('Rozhoduje kontakt?').selectOption({ label: 'ano' });
  await page.getByLabel('Kdy to potřebují').selectOption({ label: 'do 3 měsíců' });
  await expect(suggestion).toContainText('Návrh: A');
  await expect(suggestion).toContainText('splněno 4 ze 4');
  // Later timing: one criterion less, and the reason says which.
  await page.getByLabel('Kdy to potřebují').selectOption({ label: 'do roka' });
  await expect(suggestion).toContainText('Návrh: B');
  await expect(suggestion).toContainText('Časování ✗');

  // A budget that is not an amount is refused next to its field.
  await page.getByLabel('Rozpočet (Kč)').fill('hodně');
  await page.getByRole('button', { name: 'Uložit kvalifikaci' }).click();
  await expect(page.locator('#bant-budget-error')).toContainText('Zadejte částku v celých korunách');
  await page.getByLabel('Rozpočet (Kč)').fill('1 500 000');
  await page.getByRole('button', { name: 'Uložit kvalifikaci' }).click();
  await expect(page.getByRole('status')).toContainText('Kvalifikace je uložena.');
  await expect(page.getByTestId('lead-score')).toHaveText('B');

  // Kept after a reload; then the salesperson knows better and sets A by hand.
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Rozpočet (Kč)')).toHaveValue(/^1\s500\s000\sKč$/);
  await expect(page.getByLabel('Kdy to potřebují')).toHaveValue('year');
  await page.getByLabel('Skóre', { exact: true }).selectOption({ label: 'A' });
  await page.getByRole('button', { name: 'Uložit kvalifikaci' }).click();
  await expect(page.getByTestId('lead-score')).toHaveText('A');
  // The lead's own form still saves: the qualification did not leave it stale.
  await page.getByLabel('Firma').fill('Balírny Zlín a.s.');
  await page.getByRole('button', { name: 'Uložit', exact: true }).click();
  await expect(page.getByRole('status').last()).toContainText('Změny jsou uloženy.');

  // On the board (other tests fill Nový, so narrow it first): filtered by A the card is
  // there with its badge; by B it is not.
  await openBoard(page);
  await page.getByRole('link', { name: 'Jen skóre A' }).click();
  await expect(page).toHaveURL(/score=A/);
  await expect(card(page, 'Nový', last).locator('.score-badge')).toHaveText('A');
  await page.getByRole('link', { name: 'Jen skóre B' }).click();
  await expect(page).toHaveURL(/score=B/);
  await expect(column(page, 'Nový')).toBeVisible();
  await expect(page.getByText(last)).toHaveCount(0);
});

test('disqualify from the board with a reason; reopen it from the detail page', async ({ page, request, baseURL }) => {
  const last = uniqueName('Vyřazená');
  const id = await createLead(request, baseURL!, last);
  await openBoard(page);
  const fresh = card(page, 'Nový', last);
  if (isPhone(page)) {
    await moveWithKeyboard(page, fresh, 'Nekvalifikovaný');
  } else {
    await fresh.dragTo(column(page, 'Nekvalifikovaný'));
  }

  // The move waits for a reason: none given, it says so and nothing moves.
  const dialog = page.getByRole('dialog', { name: `Vyřadit lead Jan ${last}` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Vyřadit' }).click();
  await expect(dialog.locator('#disqualify-reason-error')).toHaveText('Toto pole je povinné.');
  await expect(card(page, 'Nový', last)).toHaveCount(1);
  // "Jiný" needs words.
  await dialog.getByLabel('Jiný').check();
  await dialog.getByRole('button', { name: 'Vyřadit' }).click();
  await expect(dialog.locator('#disqualify-note-error')).toHaveText('Toto pole je povinné.');
  await dialog.getByLabel('Poznámka k důvodu').fill('Firma zanikla');
  await dialog.getByRole('button', { name: 'Vyřadit' }).click();
  await expect(dialog).toHaveCount(0);

  await showColumn(page, 'Nekvalifikovaný');
  const closed = card(page, 'Nekvalifikovaný', last);
  await expect(closed).toBeVisible();
  await expect(closed.locator('.card-reason')).toHaveText('Jiný');
  await expect(closed).not.toHaveClass(/pending/);
  // Closed a moment ago, so it is still on the default board; the toggle shows all closed.
  await page.getByLabel('Skrýt uzavřené').uncheck();
  await expect(page).toHaveURL(/closed=all/);

  await page.goto(`/leads/${id}`);
  await hydrated(page);
  await expect(page.getByTestId('disqualification')).toHaveText('Vyřazen: Jiný: Firma zanikla');
  await expect(page.getByRole('list', { name: 'Historie stavů' })).toContainText('Nový → Nekvalifikovaný (Jiný: Firma zanikla)');
  await page.getByRole('button', { name: 'Znovu otevřít' }).click();
  await expect(page.locator('.status-badge')).toHaveText('V jednání');
  await expect(page.getByTestId('disqualification')).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Historie stavů' })).toContainText('Nekvalifikovaný → V jednání');
});

test('disqualify from the detail page; cancelling the dialog changes nothing', async ({ page, request, baseURL }) => {
  const id = await createLead(request, baseURL!, uniqueName('Zrušená'));
  await page.goto(`/leads/${id}`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Vyřadit…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Zrušit' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('.status-badge')).toHaveText('Nový');

  await page.getByRole('button', { name: 'Vyřadit…' }).click();
  await page.getByRole('dialog').getByLabel('Nelze kontaktovat').check();
  await page.getByRole('dialog').getByRole('button', { name: 'Vyřadit' }).click();
  await expect(page.locator('.status-badge')).toHaveText('Nekvalifikovaný');
  await expect(page.getByTestId('disqualification')).toHaveText('Vyřazen: Nelze kontaktovat');
});
