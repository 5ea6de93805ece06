import AxeBuilder from '@axe-core/playwright';
import { Page, expect, test } from '@playwright/test';
import { convertInto, createAccount, createLead, hydrated, qualify, uniqueName } from './helpers';

/**
 * axe-core on every page, on desktop and phone (each project runs this file): no serious or
 * critical violation. Pages are scanned once they have hydrated and shown their data.
 */
async function scan(page: Page, path: string): Promise<string[]> {
  await page.goto(path);
  await hydrated(page);
  // The page's data has arrived: no loading placeholder is left.
  await expect(page.locator('main .loading')).toHaveCount(0, { timeout: 10_000 });
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('no serious or critical axe violation on any page', async ({ page, request, baseURL }) => {
  test.setTimeout(120_000);
  // Records for the pages that show one: a lead, and a lead converted into an organisation,
  // a contact and a deal.
  const leadId = await createLead(request, baseURL!, uniqueName('Přístupný'));
  const firm = uniqueName('Přístupná');
  await createAccount(request, baseURL!, `${firm} s.r.o.`);
  const convertedId = await createLead(request, baseURL!, uniqueName('Převáděný'), firm);
  await qualify(request, baseURL!, convertedId);
  await convertInto(page, convertedId, firm, '150 000');
  const accountPath = new URL(page.url()).pathname;
  const contactPath = await page.locator('main a[href^="/clients/contacts/"]').first().getAttribute('href');
  const dealPath = await page.locator('main a[href^="/clients/deals/"]').first().getAttribute('href');
  expect(contactPath).toBeTruthy();
  expect(dealPath).toBeTruthy();

  const pages = [
    '/',
    '/leads/new',
    '/leads/import',
    `/leads/${leadId}`,
    `/leads/${leadId}/convert`,
    '/tasks',
    '/dashboard',
    '/search?q=Jan',
    '/clients',
    accountPath,
    '/clients/contacts',
    contactPath!,
    '/clients/deals',
    dealPath!,
    '/admin/users',
    '/admin/rules',
    '/admin/products',
    '/admin/forms',
    '/admin/email',
  ];
  const found: string[] = [];
  for (const path of pages) found.push(...(await scan(page, path)));
  expect(found, found.join('\n')).toEqual([]);
});

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('the sign-in page has no serious or critical axe violation', async ({ page }) => {
    const found = await scan(page, '/sign-in');
    expect(found, found.join('\n')).toEqual([]);
  });
});
