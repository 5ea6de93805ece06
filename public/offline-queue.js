// Leady's queue of quick entries saved with no connection (IndexedDB), shared by the page
// (quick entry loads it; the WebAssembly calls `leadyQueue.*`) and the service worker
// (`importScripts`, for Background Sync). Each entry is the form's own POST body with its
// idempotency key, so however often and from wherever it is sent, it makes one lead.
(function (scope) {
  'use strict';
  const DB = 'leady-offline';
  const STORE = 'leads';
  const PAGES = 'leady-pages';
  const CREATE_URL = '/api/leads/create';

  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function withStore(mode, work) {
    const db = await open();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const result = work(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }

  /** Tells the page (its quick-entry form shows the queue) that the queue changed. */
  function changed() {
    if (typeof scope.document !== 'undefined') scope.dispatchEvent(new Event('leady-queue'));
  }

  /** The form's fields as the plain POST would send them. */
  function bodyOf(form) {
    return new URLSearchParams(new FormData(form)).toString();
  }

  /** Keeps an entry: {key, body, input (JSON of the typed fields), queuedAt}. The key is
   *  the store's key: the same filling queued twice is one entry. */
  async function add(entry) {
    await withStore('readwrite', (s) => s.put({ ...entry, error: null, queuedAt: Date.now() }));
    changed();
    requestSync();
  }

  /** Where the browser has Background Sync, it sends the queue even with the page closed.
   *  Not awaited: with no worker yet, `ready` never settles. Elsewhere the page sends on
   *  load, on `online` and now and then while it is open. */
  function requestSync() {
    if (!navigator.serviceWorker || typeof scope.document === 'undefined') return;
    navigator.serviceWorker.ready
      .then((registration) => registration.sync && registration.sync.register('leady-leads'))
      .catch(() => {});
  }

  async function all() {
    const entries = (await withStore('readonly', (s) => s.getAll())) || [];
    return entries.sort((a, b) => a.queuedAt - b.queuedAt);
  }

  async function count() {
    return (await withStore('readonly', (s) => s.count())) || 0;
  }

  async function remove(key) {
    await withStore('readwrite', (s) => s.delete(key));
    changed();
  }

  async function markRefused(entry, error) {
    await withStore('readwrite', (s) => s.put({ ...entry, error }));
  }

  let flushing = null;

  /** Sends every entry in order. Returns {sent, refused, waiting, signedOut, offline}:
   *  sent ones leave the queue; one the server refuses as invalid stays with its error (the
   *  answer's JSON) for the user to fix; a missing session or no connection stops the run
   *  and keeps the rest. One run at a time per page or worker. */
  function flush() {
    if (!flushing) flushing = run().finally(() => (flushing = null));
    return flushing;
  }

  async function run() {
    const result = { sent: 0, refused: 0, waiting: 0, signedOut: false, offline: false };
    const entries = await all();
    for (const entry of entries) {
      // A refused entry waits for the user to fix it: sending it again changes nothing.
      if (entry.error) {
        result.refused++;
        continue;
      }
      if (result.signedOut || result.offline) {
        result.waiting++;
        continue;
      }
      let response;
      try {
        response = await fetch(CREATE_URL, {
          method: 'POST',
          credentials: 'same-origin',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json',
          },
          body: entry.body,
        });
      } catch (_) {
        result.offline = true;
        result.waiting++;
        continue;
      }
      if (response.ok) {
        await remove(entry.key);
        result.sent++;
        continue;
      }
      const text = await response.text().catch(() => '');
      if (response.status === 401 || text.trim() === '"Unauthorized"') {
        result.signedOut = true;
        result.waiting++;
      } else if (/^\{"(Invalid|Malformed|TooLarge)"/.test(text.trim())) {
        await markRefused(entry, text.trim());
        result.refused++;
      } else {
        // A server in trouble (5xx, a proxy's page): try again later.
        result.offline = true;
        result.waiting++;
      }
    }
    api.lastRun = result;
    changed();
    return result;
  }

  /** Forgets the cached pages (they show the signed-in person): called on sign-out. The
   *  queue stays: its leads are sent after the next sign-in. */
  async function forgetPages() {
    if (scope.caches) await scope.caches.delete(PAGES);
  }

  const api = { bodyOf, add, all, count, remove, flush, forgetPages, PAGES, lastRun: null };
  scope.leadyQueue = api;

  // In a page: send what waits when the page loads and whenever the connection returns,
  // and let the service worker keep quick entry for use with no connection.
  if (typeof scope.document !== 'undefined' && location.pathname !== '/sign-in') {
    scope.addEventListener('online', () => flush());
    flush().catch(() => {});
    if (navigator.serviceWorker) navigator.serviceWorker.register('/sw.js').catch(() => {});
  }
})(self);
