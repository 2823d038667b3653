// Service worker: keeps the app usable offline after one visit.
//
// scripts/finish-dist.py fills in VERSION and FILES for each build, so a new deploy is a
// byte-different worker: the browser installs it beside the old one, the page offers a
// reload, and the old cache is deleted once the new worker takes over. No request ever
// leaves the site's own origin.
const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = "mlops-maturity-" + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("mlops-maturity-") && key !== CACHE)
          .map((key) => caches.delete(key))))
      .then(() => self.clients.claim()));
});

self.addEventListener("message", (event) => {
  if (event.data === "apply-update") {
    self.skipWaiting();
  }
  // A page that loaded past this worker asks to be taken (see register-sw.js).
  if (event.data === "claim") {
    event.waitUntil(self.clients.claim());
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  // The offline kit is a download, not a page of the app (Firefox fetches a download link
  // as a navigation): always from the site itself, never the cached app shell.
  if (url.pathname.endsWith("/mlops-maturity-offline.html")) {
    return;
  }
  // A page below a folder of its own (a mistyped or truncated link two levels deep): the
  // app's files are named relative to the page, and there they would be looked for in that
  // folder, where none exist. Go to the app's own address instead; the browser keeps the
  // link's fragment (a share or respondent link) across the redirect.
  if (request.mode === "navigate" && new URL("./", url).href !== self.registration.scope) {
    event.respondWith(Response.redirect(self.registration.scope, 302));
    return;
  }
  // Pages: the cached app shell, whatever the path; everything else: cache first.
  const lookup = request.mode === "navigate"
    ? caches.match("./", { ignoreSearch: true })
    : caches.match(request, { ignoreSearch: true });
  event.respondWith(lookup.then((cached) => cached || fetch(request)));
});
