import { expect, test } from '@playwright/test';
import { card, createLead, hydrated, uniqueName } from './helpers';
import { startInstance, stopInstance } from './instances';

test('after its server restarts, an open board reconnects by itself and catches up on what it missed', async ({
  page, request, baseURL,
}, testInfo) => {
  const port = Number(new URL(baseURL!).port) + 50 + testInfo.parallelIndex;
  const second = `http://127.0.0.1:${port}`;
  let instance = await startInstance(port);
  try {
    // A change made through the first instance reaches a board served by the second.
    const seen = uniqueName('Restart');
    await page.goto(`${second}/`);
    await hydrated(page);
    await createLead(request, baseURL!, seen);
    await expect(card(page, 'Nový', seen)).toHaveCount(1, { timeout: 2_000 });
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    // The second instance stops; meanwhile a lead arrives through the first.
    await stopInstance(instance);
    const missed = uniqueName('Zmeškaný');
    await createLead(request, baseURL!, missed);
    instance = await startInstance(port);

    // The board reconnects by itself, gets what it missed, and was never reloaded.
    await expect(card(page, 'Nový', missed)).toHaveCount(1, { timeout: 15_000 });
    await expect(card(page, 'Nový', seen)).toHaveCount(1);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  } finally {
    await stopInstance(instance);
  }
});
