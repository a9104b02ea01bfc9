// Runs the browser's search engine (theme/static/js/search.js) in Node on a built site.
// usage: node search_runner.js SITE_FOLDER < requests.json > answers.json
// A request is {q, filters, open (ISO time or null)} or {analyse: [texts]}.
"use strict";
const fs = require("fs");
const path = require("path");
const client = require(path.join(__dirname, "..", "theme", "static", "js", "search.js"));

const site = process.argv[2];
const manifest = JSON.parse(fs.readFileSync(path.join(site, "search", "manifest.json"), "utf8"));
const folder = path.join(site, "search", manifest.files);
const load = (name) => Promise.resolve(JSON.parse(fs.readFileSync(path.join(folder, name), "utf8")));

async function answer(engine, req) {
  if (req.analyse) return req.analyse.map((t) => engine.words(t));
  const result = await engine.search({ q: req.q, filters: req.filters || {}, open: !!req.open, counts: true,
    now: req.open ? new Date(req.open) : new Date() });
  const docs = result.hits.map((h) => h.doc);
  const rows = await engine.records(docs);
  return {
    mode: result.mode, suggestion: result.suggestion,
    hits: result.hits.map((h, i) => [engine.town(h.doc)[0] + "/" + rows[i][1], h.score]),
    counts: result.counts,
  };
}

(async () => {
  const requests = JSON.parse(fs.readFileSync(0, "utf8"));
  const out = [];
  for (const req of requests) out.push(await answer(await client.Engine.open(manifest, load), req));
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
