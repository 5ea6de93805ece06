import { APIRequestContext, Locator, Page, expect } from '@playwright/test';

let counter = 0;

/** A last name no other test uses, so tests can share one server and database. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${process.pid.toString(36)}${counter}`;
}

/** Creates a lead the way the quick-entry form does (a same-origin POST). */
export async function createLead(
  request: APIRequestContext,
  baseURL: string,
  lastName: string,
  company = 'Testovací firma s.r.o.',
  source = 'trade_fair',
): Promise<number> {
  const response = await request.post('/api/leads/create', {
    headers: { Origin: baseURL, Accept: 'application/json' },
    form: {
      'input[first_name]': 'Jan',
      'input[last_name]': lastName,
      'input[email]': `${lastName.toLowerCase()}@firma.cz`,
      'input[phone]': '',
      'input[company]': company,
      'input[source]': source,
      'input[description]': '',
      form_key: `${lastName}-key`,
    },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).id as number;
}

/** Waits until the WebAssembly app has taken over the server-rendered page. */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1, { timeout: 15_000 });
}

export function column(page: Page, status: string): Locator {
  return page.getByRole('list', { name: status, exact: true });
}

export function card(page: Page, status: string, text: string): Locator {
  return column(page, status).getByRole('listitem').filter({ hasText: text });
}

/**
 * Opens the board, by default without its live connection. Other tests run alongside and their
 * changes would arrive live, moving cards between Playwright reading a card's box and pressing
 * the mouse there. live.spec.ts tests the live board itself.
 */
export async function openBoard(page: Page, options: { live?: boolean } = {}): Promise<void> {
  if (!options.live) await page.route('**/api/events*', (route) => route.abort());
  await page.goto('/');
  await hydrated(page);
}

export function isPhone(page: Page): boolean {
  return (page.viewportSize()?.width ?? 1000) < 720;
}

/** Moves a card with the keyboard only: focus its menu button, open, arrow to the item, Enter. */
export async function moveWithKeyboard(page: Page, cardLocator: Locator, target: string): Promise<void> {
  const button = cardLocator.getByRole('button', { name: /Přesunout|Move/ });
  await button.focus();
  await page.keyboard.press('Enter');
  const menu = cardLocator.getByRole('menu');
  await expect(menu).toBeVisible();
  const focusedText = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
  // Focus moves a frame after a key press: wait for it each time, or the next read is stale
  // and the walk overshoots (the menu goes on with people to assign to).
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('role') ?? ''))
    .toBe('menuitem');
  for (let i = 0; i < 30; i++) {
    const focused = await focusedText();
    if (focused === target) break;
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedText).not.toBe(focused);
  }
  await expect(menu.getByRole('menuitem', { name: target, exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
}

/**
 * Drags a card with a finger: touch the card's handle, hold it at the right edge of the
 * screen until the board has scrolled `columnsRight` columns, then lift the finger mid-screen.
 */
export async function touchDrag(page: Page, cardLocator: Locator, columnsRight: number): Promise<void> {
  const handle = cardLocator.locator('.drag-handle');
  await handle.scrollIntoViewIfNeeded();
  const box = await handle.boundingBox();
  if (!box) throw new Error('drag handle not visible');
  const width = page.viewportSize()!.width;
  const cdp = await page.context().newCDPSession(page);
  const at = (x: number, y: number) => [{ x, y, id: 1 }];
  const y = box.y + box.height / 2;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(box.x + box.width / 2, y) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(width / 2, y) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(width - 10, y) });
  const scroller = page.locator('.columns');
  const goal = columnsRight * width - width / 2 + 20;
  await expect
    .poll(() => scroller.evaluate((el) => el.scrollLeft), { timeout: 10_000, intervals: [50] })
    .toBeGreaterThan(goal);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(width / 2, y) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/**
 * Drags a card with the mouse on a narrow window: press, rest at the right edge until the board
 * has scrolled `columnsRight` columns, then drop mid-screen.
 */
export async function mouseDragAcross(
  page: Page,
  cardLocator: Locator,
  columnsRight: number,
  target?: Locator,
): Promise<void> {
  const box = (await cardLocator.boundingBox())!;
  const width = page.viewportSize()!.width;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 40, y);
  await page.mouse.down();
  await page.mouse.move(width / 2, y, { steps: 5 });
  const scroller = page.locator('.columns');
  const goal = columnsRight * width - width / 2 + 20;
  for (let i = 0; i < 200 && (await scroller.evaluate((el) => el.scrollLeft)) <= goal; i++) {
    await page.mouse.move(width - 30 - (i % 2), y);
  }
  await page.mouse.move(width / 2, y, { steps: 5 });
  // Like a person: once the target column is in sight, let go over it (the board may still be
  // settling onto a column after the edge scroll).
  if (target) {
    await expect
      .poll(async () => {
        const b = await target.boundingBox();
        return b !== null && b.x >= -1 && b.x + b.width <= width + 1;
      }, { timeout: 5_000, intervals: [50] })
      .toBe(true);
    const b = (await target.boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, y, { steps: 3 });
  }
  await page.mouse.up();
}

/** Moves a lead to status `to` (`Qualified`, `InProcess`, …) the way the board does (its server function). */
export async function moveLead(request: APIRequestContext, baseURL: string, id: number, to: string): Promise<void> {
  const headers = { Origin: baseURL, Accept: 'application/json' };
  const lead = await (await request.post('/api/leads/get', { headers, form: { id: String(id) } })).json();
  const moved = await request.post('/api/leads/move', {
    headers,
    form: { 'request[lead_id]': String(id), 'request[version]': String(lead.version), 'request[to]': to },
  });
  expect(moved.status()).toBe(200);
}

/** Moves a lead to Kvalifikovaný. */
export async function qualify(request: APIRequestContext, baseURL: string, id: number): Promise<void> {
  await moveLead(request, baseURL, id, 'Qualified');
}

/** An organisation created the way the "Nová organizace" form does. */
export async function createAccount(request: APIRequestContext, baseURL: string, name: string): Promise<number> {
  const fields = { name, ico: '', dic: '', street: 'Vídeňská 12', city: 'Brno', postal_code: '639 00', web: '', phone: '' };
  const form = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`input[${k}]`, v]));
  const response = await request.post('/api/clients/account-create', { headers: { Origin: baseURL, Accept: 'application/json' }, form });
  expect(response.status()).toBe(200);
  return (await response.json()) as number;
}

/** The admin converts a qualified lead on the conversion screen, linking `firm`. */
export async function convertInto(page: Page, leadId: number, firm: string, amount: string): Promise<void> {
  await page.goto(`/leads/${leadId}/convert`);
  await hydrated(page);
  await page.getByRole('radio', { name: new RegExp(`Propojit s existující: ${firm}`) }).check();
  await page.getByRole('textbox', { name: 'Částka (Kč)' }).fill(amount);
  await page.getByRole('button', { name: 'Převést' }).click();
  await expect(page).toHaveURL(/\/clients\/accounts\/\d+$/);
}
