// Leady's service worker: keeps quick entry (/leads/new) usable with no connection, and
// sends the leads saved meanwhile (Background Sync, where the browser has it).
//
// - /leads/new: from the network when it answers; its last good copy when it does not. Only
//   a signed-in copy is kept (a redirect to sign-in is not), and sign-out deletes it.
// - /pkg/…: a content-hashed file never changes, so a kept copy is used as it is; an
//   unhashed one (a debug build) comes from the network first.
// - The page's other files (this queue's script, icons, manifest): network first.
// - Everything else (pages, server functions, the live stream) is not touched.
importScripts('/offline-queue.js');

const PAGES = self.leadyQueue.PAGES;
const ASSETS = 'leady-assets-v1';
const QUICK_ENTRY = '/leads/new';
const HASHED = /\.[A-Za-z0-9_-]{22}\.[a-z]+$/;
const KEPT_FILES = ['/offline-queue.js', '/manifest.webmanifest', '/favicon.svg', '/icons/icon-192.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(keepQuickEntry().catch(() => {}).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('sync', (event) => {
  if (event.tag === 'leady-leads') event.waitUntil(self.leadyQueue.flush());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname === QUICK_ENTRY) {
    event.respondWith(quickEntryPage(request, event));
  } else if (url.pathname.startsWith('/pkg/')) {
    event.respondWith(HASHED.test(url.pathname) ? cacheFirst(request) : networkFirst(request));
  } else if (KEPT_FILES.includes(url.pathname) || url.pathname.startsWith('/icons/')) {
    event.respondWith(networkFirst(request));
  }
});

/** The page from the network (kept for later when signed in), else the kept copy. */
async function quickEntryPage(request, event) {
  try {
    const response = await fetch(request);
    const signedIn = response.ok && !response.redirected && new URL(response.url).pathname === QUICK_ENTRY;
    if (signedIn) {
      const copy = response.clone();
      event.waitUntil(keepPage(copy));
    } else if (response.redirected) {
      // Sent to sign-in: the kept page belonged to a session that is over.
      event.waitUntil(caches.delete(PAGES));
    }
    return response;
  } catch (error) {
    const kept = await caches.open(PAGES).then((c) => c.match(QUICK_ENTRY));
    if (kept) return kept;
    throw error;
  }
}

/** Keeps the page and every site file it names (stylesheet, JavaScript, WebAssembly parts).
 *  The page goes in last: a kept page always has its files. */
async function keepPage(response) {
  const html = await response.clone().text();
  const files = new Set(KEPT_FILES);
  // The stylesheet's link, and the start script's list: main JavaScript and WebAssembly, the
  // parts' loader and the page's own parts (src/ui/hydration_start.rs).
  for (const match of html.matchAll(/["'](\/pkg\/[^"'?#]+)["']/g)) files.add(match[1]);
  const assets = await caches.open(ASSETS);
  await Promise.all(
    [...files].map(async (file) => {
      if (await assets.match(file)) return;
      try {
        const answer = await fetch(file, { credentials: 'same-origin' });
        if (answer.ok) await assets.put(file, answer);
      } catch (_) {
        // Kept next time.
      }
    }),
  );
  await (await caches.open(PAGES)).put(QUICK_ENTRY, response);
}

/** On install: fetch quick entry once, so it works offline without a second visit. */
async function keepQuickEntry() {
  const response = await fetch(QUICK_ENTRY, { credentials: 'same-origin' });
  if (response.ok && !response.redirected) await keepPage(response);
}

async function cacheFirst(request) {
  const assets = await caches.open(ASSETS);
  const kept = await assets.match(request, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await assets.put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  const assets = await caches.open(ASSETS);
  try {
    const response = await fetch(request);
    if (response.ok) await assets.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await assets.match(request, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}
