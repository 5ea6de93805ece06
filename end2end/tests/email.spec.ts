import * as fs from 'node:fs';
import * as path from 'node:path';
import { Page, expect, test } from '@playwright/test';
import { card, hydrated, uniqueName } from './helpers';

/**
 * Delivers a message into the mailbox the app polls (dovecot.mjs), as a local mail delivery
 * does: written whole into `tmp/`, then moved into `new/`, so the poller never sees half a file.
 */
function deliver(message: string): void {
  const maildir = path.join(process.env.E2E_MAIL_DIR!, 'mail', process.env.E2E_IMAP_USER!);
  const name = `${Date.now()}.e2e${process.pid}_${Math.random().toString(36).slice(2)}.leady`;
  fs.writeFileSync(path.join(maildir, 'tmp', name), message.replace(/\n/g, '\r\n'), { mode: 0o666 });
  fs.renameSync(path.join(maildir, 'tmp', name), path.join(maildir, 'new', name));
}

/** A header word as RFC 2047 encodes non-ASCII text. */
const encoded = (text: string) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;

/** The sender's address: ASCII, as real addresses are (the name keeps its diacritics). */
function addressOf(surname: string): string {
  return `${surname.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()}@firma.cz`;
}

function enquiry(surname: string, subject: string, body: string, attachment?: string): string {
  const email = addressOf(surname);
  const head = `From: ${encoded(`Jiří ${surname}`)} <${email}>
To: poptavky@leady.cz
Subject: ${encoded(subject)}
Date: ${new Date().toUTCString().replace('GMT', '+0000')}
Message-ID: <${surname}.${Math.random().toString(36).slice(2)}@firma.cz>
MIME-Version: 1.0
`;
  const text = Buffer.from(body, 'utf8').toString('base64');
  if (!attachment) {
    return `${head}Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

${text}
`;
  }
  return `${head}Content-Type: multipart/mixed; boundary="hranice"

--hranice
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

${text}
--hranice
Content-Type: application/pdf; name="${attachment}"
Content-Disposition: attachment; filename="${attachment}"
Content-Transfer-Encoding: base64

JVBERi0xLjQKJeLjz9MK
--hranice--
`;
}

/** Shows a status column (on a phone only one is on screen). */
async function showColumn(page: Page, status: string): Promise<void> {
  const tab = page.locator('.column-tab', { hasText: status });
  if (await tab.isVisible()) await tab.click();
}

test('an enquiry mailed to the sales mailbox becomes a lead live on the board; a reply from it lands on that lead', async ({
  page,
}) => {
  // The admin sees which mailbox is read and that its checks go well.
  await page.goto('/admin/email');
  await hydrated(page);
  const status = page.getByTestId('email-status');
  await expect(status).toContainText('127.0.0.1');
  await expect(page.getByText('V pořádku')).toBeVisible();

  // A salesperson has the board open; an enquiry arrives by email.
  await page.goto('/');
  await hydrated(page);
  await showColumn(page, 'Nový');
  const surname = uniqueName('Poštovní');
  deliver(
    enquiry(
      surname,
      'Poptávka – žluťoučký kůň',
      'Dobrý den,\nmáme zájem o nabídku na 12 strojů. Ozvěte se prosím.\nS pozdravem Jiří',
      'požadavky.pdf',
    ),
  );
  const arrived = card(page, 'Nový', surname);
  await expect(arrived).toHaveCount(1, { timeout: 15_000 });

  // Its detail: the sender's name and address, source E-mail, the subject, the Czech text
  // and the attachment's name in the description.
  await arrived.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/leads\/\d+$/);
  await hydrated(page);
  await expect(page.getByLabel('Jméno', { exact: true })).toHaveValue('Jiří');
  await expect(page.getByRole('textbox', { name: 'E-mail', exact: true })).toHaveValue(addressOf(surname));
  await expect(page.getByLabel('Zdroj', { exact: true })).toHaveValue('email');
  const description = page.getByLabel('Popis', { exact: true });
  await expect(description).toHaveValue(/Poptávka – žluťoučký kůň/);
  await expect(description).toHaveValue(/máme zájem o nabídku na 12 strojů/);
  await expect(description).toHaveValue(/požadavky\.pdf/);

  // The same person writes again: no second lead, an incoming email on this one.
  deliver(enquiry(surname, 'Re: Poptávka – termín', 'Hodil by se nám čtvrtek dopoledne.'));
  const timeline = page.getByRole('list', { name: 'Aktivity a poznámky' });
  await expect(async () => {
    await page.reload();
    await expect(timeline.getByRole('listitem').first()).toContainText('příchozí', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(timeline.getByRole('listitem').first()).toContainText('Re: Poptávka – termín');

  await page.goto(`/search?q=${encodeURIComponent(surname)}`);
  await expect(page.getByRole('list', { name: 'Hledat leady' }).getByRole('link')).toHaveCount(1);
});
