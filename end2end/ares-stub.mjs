// A local stand-in for ARES for the browser tests: serves the recorded answers in
// tests/fixtures/ares/{ico}.json at /rest/ekonomicke-subjekty/{ico}, 404 with ARES's error body
// when there is no file. Playwright starts it (playwright.config.ts) and points the app at it
// with LEADY_ARES_URL, so no test reaches the real register.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '..', 'tests', 'fixtures', 'ares');
const port = Number(process.env.E2E_ARES_PORT ?? 3310);

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(body);
}

const aresError = (kod) => JSON.stringify({ kod, popis: 'Chyba ve stubu ARES.' });

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://stub');
  if (url.pathname === '/health') return send(res, 200, '{"ok":true}');
  const match = /^\/rest\/ekonomicke-subjekty\/([^/]+)$/.exec(url.pathname);
  if (req.method !== 'GET' || !match) return send(res, 404, aresError('NENALEZENO'));
  const ico = match[1];
  if (!/^\d{8}$/.test(ico)) return send(res, 400, aresError('CHYBA_VSTUPU'));
  try {
    send(res, 200, await readFile(path.join(fixtures, `${ico}.json`)));
  } catch {
    send(res, 404, aresError('NENALEZENO'));
  }
}).listen(port, '127.0.0.1', () => console.log(`ARES stub on http://127.0.0.1:${port}/rest`));
