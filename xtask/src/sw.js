// Dyad's service worker. This is xtask/src/sw.js; `cargo xtask post-build` writes it into each
// release build as sw.js with the build's version and file lists filled in.
//
// - Install: precaches the app shell (page, wasm, JS, CSS, font, icons, manifest) and the data
//   index, past the HTTP cache; data files the previous build had already read are carried over.
// - Data files (data/…) are cached as the app reads them: their names carry a hash of their
//   content, so a cached copy is always right (cache first).
// - Navigations: network first, so a new deploy is seen at once; the cached page when offline.
//
// Several Dyad sites may share one origin (two repositories under one github.io account): every
// cache is named after this worker's scope, and a worker only ever deletes its own scope's caches.
"use strict";

const VERSION = "__DYAD_VERSION__";
// The shell and the data index, relative to this file.
const PRECACHE = /*__DYAD_PRECACHE__*/ [];
// Every data file of this build (not precached: read on demand).
const DATA = /*__DYAD_DATA__*/ [];

const PREFIX = "dyad:" + self.registration.scope + ":";
const CACHE = PREFIX + VERSION;
const DATA_URL = new URL("data/", self.location).href;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: "reload" — a stale copy from the HTTP cache must never be stored under this build's name.
    await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" })));
    await carryOver(cache);
    await self.skipWaiting();
  })());
});

// The data files of this build that an older build of this site has cached already (same name,
// same content): read offline before, still readable offline after the update.
async function carryOver(cache) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const previous = await caches.open(name);
    for (const url of DATA) {
      if (await cache.match(url)) continue;
      const hit = await previous.match(url);
      if (hit) await cache.put(url, hit);
    }
  }
}

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if ((name.startsWith(PREFIX) && name !== CACHE) || (await isLegacy(name))) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// Builds before scoped names called their cache `dyad-<hash>`: remove the one holding this
// scope's page, never another site's.
async function isLegacy(name) {
  if (!/^dyad-[0-9a-f]+$/.test(name)) return false;
  const cache = await caches.open(name);
  return Boolean(await cache.match(new URL("index.html", self.location).href));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(async () => {
      const cache = await caches.open(CACHE);
      return (await cache.match("./index.html")) || (await cache.match("./")) || Response.error();
    }));
    return;
  }
  if (url.href.startsWith(DATA_URL)) {
    event.respondWith(dataFile(event, request));
    return;
  }
  // Built files carry a content hash in their name: the cached copy is always right.
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    return (await cache.match(request, { ignoreSearch: true })) || fetch(request);
  })());
});

async function dataFile(event, request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) event.waitUntil(cache.put(request, response.clone()));
  return response;
}
