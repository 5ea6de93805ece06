import { Page, expect, test } from '@playwright/test';
import { ADMIN } from './accounts';
import { card, createLead, hydrated, moveWithKeyboard, openBoard, uniqueName } from './helpers';

/** Prague wall-clock "now" as a datetime-local value ("2026-11-23T14:05"). */
function pragueNow(): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Prague',
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(new Date());
  return parts.replace(' ', 'T');
}

/** Shows a status column (on a phone only one is on screen). */
async function showColumn(page: Page, status: string): Promise<void> {
  const tab = page.locator('.column-tab', { hasText: status });
  if (await tab.isVisible()) await tab.click();
}

const timeline = (page: Page) => page.getByRole('list', { name: 'Aktivity a poznámky' });

test('log a call and a task on a lead, then tick the task off in Moje úkoly', async ({ page, request, baseURL }) => {
  const last = uniqueName('Aktivní');
  const id = await createLead(request, baseURL!, last);

  await page.goto(`/leads/${id}`);
  await hydrated(page);
  await expect(page.locator('.first-contact')).toHaveText('Čeká na první kontakt');
  await expect(page.getByText('Zatím tu nic není zapsáno.')).toBeVisible();

  // A call needs its outcome: the error stands next to the field and nothing is logged.
  await page.getByRole('radio', { name: 'Hovor' }).check();
  await page.getByLabel('Poznámky', { exact: true }).fill('Má zájem o servisní smlouvu.');
  await page.getByRole('button', { name: 'Zapsat' }).click();
  await expect(page.locator('#activity-outcome-error')).toHaveText('Toto pole je povinné.');
  await expect(timeline(page)).toHaveCount(0);

  await page.getByLabel('Výsledek hovoru').selectOption({ label: 'Zastižen' });
  await page.getByRole('button', { name: 'Zapsat' }).click();
  await expect(page.getByRole('status')).toContainText('Zapsáno: Hovor.');
  const callEntry = timeline(page).getByRole('listitem').first();
  await expect(callEntry).toContainText('Hovor · Zastižen');
  await expect(callEntry).toContainText(ADMIN.name);
  await expect(callEntry).toContainText('Má zájem o servisní smlouvu.');
  // The form is empty again for the next entry.
  await expect(page.getByLabel('Poznámky', { exact: true })).toHaveValue('');

  // A task due now, today: it will be in Moje úkoly.
  await page.getByRole('radio', { name: 'Úkol' }).check();
  await page.getByLabel('Co je třeba udělat').fill('Poslat ceník');
  await page.getByLabel('Termín').fill(pragueNow());
  await page.getByRole('button', { name: 'Zapsat' }).click();
  await expect(timeline(page).getByRole('listitem').first()).toContainText('Poslat ceník');
  await expect(timeline(page).getByRole('listitem')).toHaveCount(2);

  // Both survive a reload, newest first, and the call was the first contact.
  await page.reload();
  await hydrated(page);
  await expect(timeline(page).getByRole('listitem').first()).toContainText('Poslat ceník');
  await expect(timeline(page).getByRole('listitem').nth(1)).toContainText('Hovor · Zastižen');
  await expect(page.locator('.first-contact')).toContainText('První kontakt:');

  await page.getByRole('link', { name: 'Úkoly' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moje úkoly');
  await hydrated(page);
  const item = page.getByRole('list', { name: 'Moje úkoly' }).getByRole('listitem').filter({ hasText: last });
  await expect(item).toContainText('Poslat ceník');
  await item.getByRole('checkbox', { name: 'Hotovo' }).check();
  await expect(page.getByRole('status')).toContainText('Úkol je hotový.');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moje úkoly');
  await expect(page.getByText(last)).toHaveCount(0);

  // The timeline keeps it, ticked.
  await page.goto(`/leads/${id}`);
  await hydrated(page);
  await expect(timeline(page).getByRole('listitem').first().getByRole('checkbox', { name: 'Hotovo' })).toBeChecked();
});

test('a new lead shows how long it waits; worked without a next task it needs follow-up', async ({ page, request, baseURL }) => {
  const last = uniqueName('Čekající');
  const id = await createLead(request, baseURL!, last);

  await openBoard(page);
  const fresh = card(page, 'Nový', last);
  await expect(fresh.locator('.waiting')).toHaveText(/^čeká \d+ min$/);
  await expect(fresh.locator('.waiting.late')).toHaveCount(0);
  await expect(fresh.locator('.follow-up-flag')).toHaveCount(0);

  // Moving it into V jednání counts as the first contact; nothing is planned yet.
  await moveWithKeyboard(page, fresh, 'V jednání');
  await showColumn(page, 'V jednání');
  const worked = card(page, 'V jednání', last);
  await expect(worked).toBeVisible();
  await expect(worked).not.toHaveClass(/pending/);
  await page.reload();
  await hydrated(page);
  await showColumn(page, 'V jednání');
  await expect(worked.locator('.waiting')).toHaveCount(0);
  await expect(worked.locator('.follow-up-flag')).toHaveText('Vyžaduje follow-up');

  // Planning the next step (a task for tomorrow morning, as suggested) clears the flag.
  await page.goto(`/leads/${id}`);
  await hydrated(page);
  await expect(page.locator('.first-contact')).toContainText('První kontakt:');
  await page.getByRole('radio', { name: 'Úkol' }).check();
  await page.getByLabel('Co je třeba udělat').fill('Zavolat s nabídkou');
  await expect(page.getByLabel('Termín')).toHaveValue(/T09:00$/);
  await page.getByRole('button', { name: 'Zapsat' }).click();
  await expect(timeline(page).getByRole('listitem').first()).toContainText('Zavolat s nabídkou');

  await openBoard(page);
  await showColumn(page, 'V jednání');
  await expect(card(page, 'V jednání', last)).toBeVisible();
  await expect(card(page, 'V jednání', last).locator('.follow-up-flag')).toHaveCount(0);
});

test('a note needs text; a meeting needs its time', async ({ page, request, baseURL }) => {
  const id = await createLead(request, baseURL!, uniqueName('Schůzkový'));
  await page.goto(`/leads/${id}`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Zapsat' }).click();
  await expect(page.locator('#activity-body-error')).toHaveText('Toto pole je povinné.');

  await page.getByRole('radio', { name: 'Schůzka' }).check();
  await page.getByLabel('Téma schůzky').fill('Předvedení stroje');
  await page.getByRole('textbox', { name: 'Kdy', exact: true }).fill('');
  await page.getByRole('button', { name: 'Zapsat' }).click();
  await expect(page.locator('#activity-when-error')).toHaveText('Toto pole je povinné.');
  await expect(timeline(page)).toHaveCount(0);

  await page.getByRole('textbox', { name: 'Kdy', exact: true }).fill('2026-12-01T10:30');
  await page.getByLabel('Místo').fill('Brno, výstaviště');
  await page.getByRole('button', { name: 'Zapsat' }).click();
  const entry = timeline(page).getByRole('listitem').first();
  await expect(entry).toContainText('Předvedení stroje');
  await expect(entry).toContainText('1. 12. 2026 10:30');
  await expect(entry).toContainText('Brno, výstaviště');
});
