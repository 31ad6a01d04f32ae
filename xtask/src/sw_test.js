// Runs generated service workers against one shared, in-memory CacheStorage (node, no browser):
// two Dyad sites on one origin, one at the root and one under /dyad/, each updated once.
// Used by postbuild.rs's test `service_worker_keeps_to_its_scope`:
//   node sw_test.js ROOT_V1 DYAD_V1 DYAD_V2     (three generated sw.js files)
// Prints "ok" or throws.
"use strict";
const vm = require("vm");
const fs = require("fs");
const assert = require("assert");

const stores = new Map(); // cache name -> Map(url -> body)
const ORIGIN = "https://user.github.io";

function worker(file, scope) {
  const location = new URL("sw.js", scope);
  const resolve = (r) => (typeof r === "string" ? new URL(r, location).href : r.url);
  const listeners = {};
  const net = { online: true, fetched: [] };
  class Request {
    constructor(url, init = {}) {
      this.url = new URL(url, location).href;
      this.cache = init.cache || "default";
      this.method = "GET";
      this.mode = init.mode || "cors";
    }
  }
  class Response {
    constructor(body, ok = true) { this.body = body; this.ok = ok; }
    clone() { return new Response(this.body, this.ok); }
    static error() { return new Response(null, false); }
  }
  class Cache {
    constructor(map) { this.map = map; }
    async match(r, options = {}) {
      const url = resolve(r);
      const body = this.map.get(options.ignoreSearch ? url.split("?")[0] : url);
      return body === undefined ? undefined : new Response(body);
    }
    async put(r, response) { this.map.set(resolve(r), response.body); }
    async addAll(requests) {
      for (const r of requests) {
        assert.strictEqual(r.cache, "reload", `precached past the HTTP cache: ${r.url}`);
        this.map.set(r.url, (await fetch(r)).body);
      }
    }
  }
  async function fetch(r) {
    const url = resolve(r);
    if (!net.online) throw new TypeError("offline");
    net.fetched.push(url);
    return new Response("net:" + url);
  }
  const caches = {
    async open(name) {
      if (!stores.has(name)) stores.set(name, new Map());
      return new Cache(stores.get(name));
    },
    async keys() { return [...stores.keys()]; },
    async delete(name) { return stores.delete(name); },
  };
  const self = {
    registration: { scope },
    location,
    addEventListener: (type, f) => { listeners[type] = f; },
    skipWaiting: async () => {},
    clients: { claim: async () => {} },
  };
  vm.runInContext(fs.readFileSync(file, "utf8"), vm.createContext({ self, caches, fetch, Request, Response, URL, console }));

  async function dispatch(type, fields = {}) {
    const pending = [];
    let response;
    const event = { ...fields, waitUntil: (p) => pending.push(p), respondWith: (p) => { response = p; } };
    listeners[type](event);
    const result = await response;
    await Promise.all(pending);
    return result;
  }
  return {
    net,
    install: () => dispatch("install"),
    activate: () => dispatch("activate"),
    get: (url, mode = "cors") => dispatch("fetch", { request: new Request(new URL(url, scope).href, { mode }) }),
  };
}

const names = () => [...stores.keys()].sort();
const [rootV1, dyadV1, dyadV2] = process.argv.slice(2);
const ROOT = ORIGIN + "/";
const DYAD = ORIGIN + "/dyad/";

(async () => {
  // Caches of builds before scoped names: one per site, told apart by the page they hold.
  stores.set("dyad-0a", new Map([[ROOT + "index.html", "old root page"]]));
  stores.set("dyad-0b", new Map([[DYAD + "index.html", "old dyad page"]]));

  const root = worker(rootV1, ROOT);
  await root.install();
  await root.activate();
  assert.deepStrictEqual(names(), ["dyad-0b", `dyad:${ROOT}:1111`], "the root site removes its own old cache only");
  const rootCache = stores.get(`dyad:${ROOT}:1111`);
  assert.ok(rootCache.has(ROOT + "index.html") && rootCache.has(ROOT + "data/index-r1.json"), "shell and data index precached");
  assert.ok(!rootCache.has(ROOT + "data/shard-0000-r1.json"), "shards are not precached");

  const dyad = worker(dyadV1, DYAD);
  await dyad.install();
  await dyad.activate();
  assert.deepStrictEqual(names(), [`dyad:${DYAD}:2222`, `dyad:${ROOT}:1111`].sort(), "each site keeps the other's cache");

  // A data file is fetched once, then served from the cache.
  assert.strictEqual((await dyad.get("data/shard-0000-d1.json")).body, "net:" + DYAD + "data/shard-0000-d1.json");
  const before = dyad.net.fetched.length;
  await dyad.get("data/shard-0000-d1.json");
  assert.strictEqual(dyad.net.fetched.length, before, "a cached data file is not fetched again");

  // An update of /dyad/: its unchanged shard is carried over, its old cache removed, the root's kept.
  const dyad2 = worker(dyadV2, DYAD);
  await dyad2.install();
  await dyad2.activate();
  assert.deepStrictEqual(names(), [`dyad:${DYAD}:3333`, `dyad:${ROOT}:1111`].sort());
  const dyadCache = stores.get(`dyad:${DYAD}:3333`);
  assert.ok(dyadCache.has(DYAD + "data/shard-0000-d1.json"), "the shard read before is still offline after the update");
  assert.ok(!dyad2.net.fetched.includes(DYAD + "data/shard-0000-d1.json"), "carried over, not fetched");

  // Offline: a navigation gets the cached page of its own site.
  dyad2.net.online = false;
  root.net.online = false;
  assert.strictEqual((await dyad2.get("#/quotes", "navigate")).body, "net:" + DYAD + "index.html");
  assert.strictEqual((await root.get("", "navigate")).body, "net:" + ROOT + "index.html");
  assert.strictEqual((await dyad2.get("data/shard-0000-d1.json")).body, "net:" + DYAD + "data/shard-0000-d1.json");
  console.log("ok");
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
