/* Vitrines search: runs in the browser on the static index in search/ (see
   plugins/vitrines/search/export.py for the files). Plain JavaScript, no framework.
   The engine (words, word table, scores, facets, "open now") mirrors `vitrines search`
   (plugins/vitrines/search/index.py): the tests hold both to the same ranked answers.
   Without this script the search page lists categories and towns to browse instead. */
(function () {
  "use strict";
  var FACETS = ["category", "town", "service", "language"];

  // --- text analysis: steps 1-4 of plugins/vitrines/search/analysis.py ------------------
  function analyzer(a) {
    var stop = new Set(a.stop), elided = new Set(a.elisions), spelled = a.spelled;
    var spelledRe = new RegExp(Object.keys(spelled).join("|"), "g");
    return function (text) {
      text = String(text).normalize("NFKC").toLowerCase();
      var re = /[\p{L}\p{N}]+/gu, out = [], atEnd = false, m;
      while ((m = re.exec(text))) {
        var w = m[0], end = m.index + w.length, after = text.charAt(end);
        if (elided.has(w) && after && a.apostrophes.indexOf(after) >= 0) continue;
        if (w === "s" && m.index && a.apostrophes.indexOf(text.charAt(m.index - 1)) >= 0) continue;
        if (stop.has(w)) continue;
        w = w.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(spelledRe, function (c) {
          return spelled[c];
        }).normalize("NFC");
        if (!w || (/^[0-9]+$/.test(w) && w.length < a.minNumber)) continue;
        out.push(w);
        atEnd = end === text.length;
      }
      return [out, atEnd];
    };
  }

  function chars(s) { return Array.from(s); }

  // one letter changed, added, removed, or two neighbours swapped
  function withinOneEdit(a, b) {
    if (a === b) return false;
    a = chars(a); b = chars(b);
    var la = a.length, lb = b.length, i = 0;
    if (Math.abs(la - lb) > 1) return false;
    while (i < la && i < lb && a[i] === b[i]) i++;
    var rest = function (x, from) { return x.slice(from).join(""); };
    if (la === lb) {
      return rest(a, i + 1) === rest(b, i + 1) ||
        (i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && rest(a, i + 2) === rest(b, i + 2));
    }
    return la > lb ? rest(a, i + 1) === rest(b, i) : rest(a, i) === rest(b, i + 1);
  }

  function byCount(count) {  // most frequent first, then in string order
    return function (x, y) { return count(y) - count(x) || (x < y ? -1 : x > y ? 1 : 0); };
  }

  // --- "open now", in the shop's town's time zone -----------------------------------------
  var clocks = {};
  function localParts(tz, now) {  // {year, month, day, hour, minute} in the time zone (kept per zone and time)
    var key = tz + " " + now.getTime();
    if (clocks.t !== now.getTime()) clocks = { t: now.getTime() };
    if (!clocks[key]) {
      var p = clocks[key] = {};
      new Intl.DateTimeFormat("en-US", { timeZone: tz, year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric", hourCycle: "h23" }).formatToParts(now).forEach(function (x) {
        p[x.type] = +x.value;
      });
    }
    return clocks[key];
  }

  function isOpen(entry, tz, now) {  // entry: [week (Monday first), exceptions]
    if (!entry) return false;
    var p = localParts(tz, now), minute = p.hour % 24 * 60 + p.minute;
    for (var back = 0; back < 2; back++) {
      var day = new Date(Date.UTC(p.year, p.month - 1, p.day - back));
      var iso = day.toISOString().slice(0, 10), ranges = null, at = minute + 1440 * back;
      entry[1].some(function (ex) { return ex[0] <= iso && iso <= ex[1] && (ranges = ex[2]); });
      ranges = ranges || entry[0][(day.getUTCDay() + 6) % 7];
      if (ranges.some(function (r) { return r[0] <= at && at < r[1]; })) return true;
    }
    return false;
  }

  function km(a, b) {  // haversine distance in km between [lat, lon] points
    var r = Math.PI / 180, dLat = (b[0] - a[0]) * r, dLon = (b[1] - a[1]) * r;
    var h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(a[0] * r) * Math.cos(b[0] * r) * Math.pow(Math.sin(dLon / 2), 2);
    return 12742 * Math.asin(Math.sqrt(h));
  }

  // --- the engine: same rules as plugins/vitrines/search/index.py --------------------------
  function Engine(manifest, load) {
    var self = this;
    self.m = manifest;
    self.load = load;  // load(file name) -> Promise of its JSON
    self.R = manifest.rules;
    self.words = analyzer(manifest.analysis);
    self.shards = [];
    self.terms = {};   // term -> [shops, inline postings or file name]
    self.lists = {};   // term or facet file -> decoded postings
    self.attrs = {};   // shop number -> [category set, service set, language set, hours]
    self.files = {};
    self.cards = {};  // shop number -> record, as read
  }

  // the manifest, then the file of towns and facets it names
  Engine.open = function (manifest, load) {
    return load(manifest.facets).then(function (shared) {
      return new Engine(Object.assign({}, manifest, shared), load);
    });
  };

  Engine.prototype.get = function (name) {
    var files = this.files;
    return files[name] || (files[name] = this.load(name));
  };

  Engine.prototype.shardAt = function (word) {  // last shard whose first word <= word
    var s = this.m.shards, lo = 0, hi = s.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (s[mid][0] <= word) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  };

  Engine.prototype.shard = function (i) {
    var self = this;
    return self.shards[i] || (self.shards[i] = self.get(self.m.shards[i][1]).then(function (data) {
      var words = new Map();
      data.t.forEach(function (t) { self.terms[t[0]] = [t[1], t[2]]; });
      data.w.forEach(function (w) { words.set(w[0], [w[1], w[2].map(function (k) { return data.t[k][0]; }), w[3]]); });
      return words;
    }));
  };

  Engine.prototype.lookup = function (word) {
    var i = this.shardAt(word);
    return i < 0 ? Promise.resolve(undefined) : this.shard(i).then(function (words) { return words.get(word); });
  };

  Engine.prototype.startingWith = function (prefix) {  // [[word, entry]] of the words beginning with prefix
    var self = this, from = Math.max(0, self.shardAt(prefix)), to = self.shardAt(prefix + "\uffff"), jobs = [];
    for (var i = from; i <= to; i++) jobs.push(self.shard(i));
    return Promise.all(jobs).then(function (all) {
      var out = [];
      all.forEach(function (words) {
        words.forEach(function (entry, w) { if (w.lastIndexOf(prefix, 0) === 0) out.push([w, entry]); });
      });
      return out;
    });
  };

  Engine.prototype.top = function (exact, more) {
    var self = this, seen = new Set(exact), extra = [];
    more.forEach(function (t) { if (!seen.has(t)) { seen.add(t); extra.push(t); } });
    extra.sort(byCount(function (t) { return self.terms[t][0]; }));
    return exact.concat(extra.slice(0, Math.max(0, self.R.maxExpansions - exact.length)));
  };

  Engine.prototype.resolve = function (word, prefix) {
    var self = this;
    return self.lookup(word).then(function (entry) {
      var exact = entry ? entry[1].slice() : [];
      // a word's terms may come added up in one list: [its key, the list, how many terms it holds]
      var merged = entry && entry[2] !== undefined ? [word, entry[2], exact.length] : null;
      if (!prefix || chars(word).length < self.R.minPrefix) return Object.assign(exact, { merged: merged });
      return self.startingWith(word).then(function (found) {
        var more = [];
        found.forEach(function (f) { more.push.apply(more, f[1][1]); });
        return Object.assign(self.top(exact, more), { merged: merged });
      });
    });
  };

  Engine.prototype.corrections = function (word) {  // words one typo away, most frequent first
    var self = this;
    if (chars(word).length < self.R.fuzzyMin) return Promise.resolve([]);
    return self.startingWith(chars(word).slice(0, self.R.fuzzyPrefix).join("")).then(function (found) {
      var entries = new Map(found), near = found.map(function (f) { return f[0]; }).filter(function (w) {
        return withinOneEdit(word, w);
      });
      return near.sort(byCount(function (w) { return entries.get(w)[0]; })).map(function (w) {
        return [w, entries.get(w)[1]];
      });
    });
  };

  function dedupe(pairs) {
    var seen = new Set();
    return pairs.filter(function (p) {
      var key = p[1].slice().sort().join(" ");
      if (p[1].length && seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  // postings, inline: [n, gaps…, scores…, categories…, services…, languages…, hours…]; long:
  // [the best shops' records file, [shops and scores, facets, hours files]…], one triple per range
  // of shop numbers, each [n, gaps… (the first from 0), scores…]; facet bit sets and hours numbers
  // go to attrs (a long posting's when asked, see need)
  Engine.prototype.decode = function (flats) {
    var list = { docs: [], scores: [], starts: [] };
    flats.forEach(function (flat) {
      var n = flat[0], doc = 0;
      list.starts.push(list.docs.length);
      for (var i = 0; i < n; i++) { doc += flat[1 + i]; list.docs.push(doc); list.scores.push(flat[1 + n + i]); }
    });
    return list;
  };

  // the columns of values (count columns, one value per shop) of the j-th part of a list
  Engine.prototype.columns = function (list, j, values, from, count) {
    var start = list.starts[j], n = (j + 1 < list.starts.length ? list.starts[j + 1] : list.docs.length) - start;
    var attrs = this.attrs;
    for (var i = 0; i < n; i++) {
      var d = list.docs[start + i], a = attrs[d] || (attrs[d] = []);
      for (var k = 0; k < count; k++) a[from + k] = values[k * n + i];
    }
  };

  Engine.prototype.postings = function (key, source) {
    var self = this, cards = self.cards;
    if (self.lists[key]) return self.lists[key];
    if (typeof source[0] !== "string") {
      var list = self.decode([source]);
      self.columns(list, 0, source.slice(1 + 2 * source[0]), 0, 4);
      return (self.lists[key] = Promise.resolve(list));
    }
    var parts = source.slice(1);
    return (self.lists[key] = Promise.all([self.get(source[0])].concat(parts.map(function (p) { return self.get(p[0]); })))
      .then(function (got) {
        got[0].forEach(function (c) { cards[c[0]] = c[1]; });  // the best shops' records
        var list = self.decode(got.slice(1));
        list.parts = parts;
        return list;
      }));
  };

  // make sure the lists' shops have their facet values (facets) and hours (hours) at hand
  Engine.prototype.need = function (lists, facets, hours) {
    var self = this;
    function each(l, file, from, count) {
      return Promise.all(l.parts.map(function (p, j) {
        return self.get(p[file]).then(function (v) { self.columns(l, j, v, from, count); });
      }));
    }
    return Promise.all(lists.map(function (l) {
      var jobs = [];
      if (l.parts && facets) jobs.push(l.a || (l.a = each(l, 1, 0, 3)));
      if (l.parts && hours) jobs.push(l.o || (l.o = each(l, 2, 3, 1)));
      return Promise.all(jobs);
    }));
  };

  // shop number -> score, for shops holding every word (each word: any of its terms)
  Engine.prototype.match = function (planned) {
    var self = this;
    if (!planned.length || planned.some(function (p) { return !p[1].length; })) return Promise.resolve(new Map());
    return Promise.all(planned.map(function (p) {
      var m = p[1].merged, lists = m ? [self.postings(typeof m[1] === "string" ? m[1] : "=" + m[0], m[1])] : [];
      p[1].slice(m ? m[2] : 0).forEach(function (t) { lists.push(self.postings(t, self.terms[t][1])); });
      return Promise.all(lists).then(function (lists) {
        var scores = new Map();
        scores.lists = lists;
        lists.forEach(function (l) {
          l.docs.forEach(function (d, i) { scores.set(d, (scores.get(d) || 0) + l.scores[i]); });
        });
        return scores;
      });
    })).then(function (maps) {
      maps.sort(function (x, y) { return x.size - y.size; });
      var out = new Map();
      out.lists = maps[0].lists;  // every shop found is in one of these
      maps[0].forEach(function (score, d) {
        var total = score;
        for (var i = 1; i < maps.length; i++) {
          if (!maps[i].has(d)) return;
          total += maps[i].get(d);
        }
        out.set(d, total);
      });
      return out;
    });
  };

  Engine.prototype.town = function (doc) {  // towns hold consecutive shop numbers, in order
    var t = this.m.towns, lo = 0, hi = t.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (t[mid][6] <= doc) lo = mid; else hi = mid - 1;
    }
    return t[lo];
  };

  Engine.prototype.values = function (doc, facet, bits) {  // bit i set: the i-th value of the facet's list
    if (facet === "town") return [this.town(doc)[0]];
    var out = [], list = this.m.facets[facet];
    if (bits === undefined) bits = this.attrs[doc][["category", "service", "language"].indexOf(facet)];
    for (var i = 0; bits; i++, bits = Math.floor(bits / 2)) if (bits % 2) out.push(list[i][0]);
    return out;
  };

  // the opening hours of these hours numbers (0: none given) -> function (number) -> entry
  Engine.prototype.hours = function (numbers) {
    var self = this, size = self.m.hoursBlock, need = new Set(), blocks = {};
    numbers.forEach(function (h) { if (h) need.add(Math.floor((h - 1) / size)); });
    return Promise.all(Array.from(need).map(function (b) {
      return self.get(self.m.hours[b]).then(function (data) { blocks[b] = data; });
    })).then(function () {
      return function (h) { return h ? blocks[Math.floor((h - 1) / size)][(h - 1) % size] : null; };
    });
  };

  // state: {q, filters: {facet: [values]}, open: bool, now: Date}
  Engine.prototype.search = function (state) {
    var self = this, analysed = self.words(state.q || ""), words = analysed[0], atEnd = analysed[1];
    var filters = {}, result = { words: words, mode: "exact", suggestion: "" };
    FACETS.forEach(function (f) { if (state.filters[f] && state.filters[f].length) filters[f] = state.filters[f]; });
    var kinds = Object.keys(filters), planned;

    function plan() {
      return Promise.all(words.map(function (w, i) {
        return self.resolve(w, atEnd && i === words.length - 1).then(function (ts) { return [w, ts]; });
      })).then(function (pairs) { planned = dedupe(pairs); return self.match(planned); });
    }

    function fuzzy(scores) {
      if (scores.size || !planned.some(function (p) { return !p[1].length; })) return scores;
      result.mode = "fuzzy";
      return Promise.all(planned.map(function (p) {
        if (p[1].length) return [p, p[0]];
        return self.corrections(p[0]).then(function (options) {
          var more = [];
          options.forEach(function (o) { more.push.apply(more, o[1]); });
          return [[p[0], self.top([], more)], options.length ? options[0][0] : p[0]];
        });
      })).then(function (fixed) {
        return self.match(dedupe(fixed.map(function (f) { return f[0]; }))).then(function (found) {
          if (found.size) result.suggestion = fixed.map(function (f) { return f[1]; }).join(" ");
          return found;
        });
      });
    }

    function browse() {  // no words: the shops of the chosen facet values
      result.mode = "browse";
      var union = new Map();
      union.lists = [];
      return self.get(self.m.files).then(function (files) {
        return Promise.all(kinds.map(function (f) {
          return Promise.all(self.m.facets[f].filter(function (v) { return filters[f].indexOf(v[0]) >= 0; })
            .map(function (v) { return self.postings("f:" + f + ":" + v[0], files[f][self.m.facets[f].indexOf(v)]); }));
        }));
      }).then(function (byKind) {
        byKind.forEach(function (lists) {
          lists.forEach(function (l) { union.lists.push(l); l.docs.forEach(function (d) { union.set(d, 0); }); });
        });
        return union;
      });
    }

    var found = words.length ? plan().then(fuzzy) : kinds.length ? browse() : Promise.resolve(null);
    var facets = state.counts || kinds.some(function (f) { return f !== "town"; });
    return found.then(function (scores) {
      if (!scores) { result.mode = "none"; scores = new Map(); }
      var docs = Array.from(scores.keys());
      return self.need(scores.lists || [], facets, state.open).then(function () {
        return state.open ? self.hours(docs.map(function (d) { return self.attrs[d][3]; })) : null;
      }).then(function (hoursOf) {
        var matched = docs.filter(function (d) {
          return !hoursOf || isOpen(hoursOf(self.attrs[d][3]), self.town(d)[2], state.now || new Date());
        });
        var keeps = function (d, except) {
          return kinds.every(function (f) {
            return f === except || self.values(d, f).some(function (v) { return filters[f].indexOf(v) >= 0; });
          });
        };
        result.counts = {};
        if (state.counts) FACETS.forEach(function (f) {
          var tally = {};
          if (result.mode === "none" || (result.mode === "browse" && kinds.every(function (k) { return k === f; }))) {
            self.m.facets[f].forEach(function (v) { tally[v[0]] = v[1]; });  // every shop: the manifest's counts
          } else {
            matched.forEach(function (d) {
              if (keeps(d, f)) self.values(d, f).forEach(function (v) { tally[v] = (tally[v] || 0) + 1; });
            });
          }
          result.counts[f] = tally;
        });
        result.hits = matched.filter(function (d) { return keeps(d); }).map(function (d) {
          return { doc: d, score: scores.get(d) };
        }).sort(function (x, y) { return y.score - x.score || x.doc - y.doc; });
        return result;
      });
    });
  };

  // records: [name, slug, lat, lon, online only] of shop numbers
  Engine.prototype.records = function (docs) {
    var self = this, size = self.m.block, r = self.m.records, cards = self.cards;
    var missing = docs.filter(function (d) { return !cards[d]; });
    if (!missing.length) return Promise.resolve(docs.map(function (d) { return cards[d]; }));
    return (r.file ? self.get(r.file) : Promise.resolve(r.hashes)).then(function (hashes) {
      var n = hashes.length / Math.ceil(self.m.numbers / size);
      return Promise.all(missing.map(function (d) {
        var b = Math.floor(d / size);
        return self.get("r" + b + "-" + hashes.substr(b * n, n) + ".json").then(function (rows) {
          cards[d] = rows[d % size];
        });
      }));
    }).then(function () {
      return docs.map(function (d) { return cards[d]; });
    });
  };

  // hits sorted by distance from origin; only the towns that can hold the nearest are read
  Engine.prototype.nearest = function (hits, origin, need) {
    var self = this, byTown = new Map(), done = [], placed = [];
    hits.forEach(function (h) {
      var t = self.town(h.doc);
      if (!byTown.has(t)) byTown.set(t, []);
      byTown.get(t).push(h);
    });
    var towns = Array.from(byTown.keys()).map(function (t) {
      return [Math.max(0, km(origin, [t[3], t[4]]) - t[5]), t];
    }).sort(function (x, y) { return x[0] - y[0]; });
    function step(i) {
      placed.sort(function (x, y) { return x.km - y.km || y.score - x.score || x.doc - y.doc; });
      if (i >= towns.length || (placed.length >= need && placed[need - 1].km <= towns[i][0])) {
        return Promise.resolve(i < towns.length ? placed : placed.concat(done));
      }
      var group = byTown.get(towns[i][1]);
      return self.records(group.map(function (h) { return h.doc; })).then(function (rows) {
        group.forEach(function (h, k) {
          var r = rows[k];
          if (r[2] === null) done.push(h); else { h.km = km(origin, [r[2], r[3]]); placed.push(h); }
        });
        return step(i + 1);
      });
    }
    return step(0);
  };

  var api = { analyzer: analyzer, withinOneEdit: withinOneEdit, isOpen: isOpen, Engine: Engine };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // --- the page ------------------------------------------------------------------------------
  var root = document.getElementById("search");
  if (!root || !window.fetch || !window.Intl || !String.prototype.normalize) return;
  var S = JSON.parse(root.getAttribute("data-strings"));
  var lang = document.documentElement.lang;
  var manifestUrl = new URL(root.getAttribute("data-manifest"), location.href).href, base;
  var shopBase = root.getAttribute("data-shop-base"), pageSize = +root.getAttribute("data-page-size") || 20;
  var form = root.querySelector("form"), input = form.elements.q, status = document.getElementById("search-status");
  var list = document.getElementById("search-list"), more = document.getElementById("search-more");
  var hint = document.getElementById("search-hint"), sort = form.elements.sort, details = form.querySelector("details");
  var engine, state, shown = pageSize, seq = 0, origin = null, typing = false;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function fill(template, value) { return template.replace("{n}", value); }

  function fromUrl() {
    var p = new URLSearchParams(location.search), st = { q: p.get("q") || "", filters: {}, open: p.get("open") === "1",
      sort: p.get("sort") || "" };
    FACETS.forEach(function (f) { st.filters[f] = p.getAll(f); });
    return st;
  }

  function toUrl(st) {
    var p = new URLSearchParams();
    if (st.q) p.set("q", st.q);
    FACETS.forEach(function (f) { st.filters[f].forEach(function (v) { p.append(f, v); }); });
    if (st.open) p.set("open", "1");
    if (st.sort) p.set("sort", st.sort);
    var query = p.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  function fromForm() {
    var st = { q: input.value, filters: {}, open: form.elements.open.checked, sort: sort.value };
    FACETS.forEach(function (f) {
      st.filters[f] = Array.prototype.filter.call(form.querySelectorAll('input[name="' + f + '"]'), function (c) {
        return c.checked;
      }).map(function (c) { return c.value; });
    });
    return st;
  }

  function label(entry) { return entry[2][lang] || entry[2].en || entry[0]; }

  function buildFacets() {
    FACETS.forEach(function (f) {
      var box = form.querySelector('[data-facet="' + f + '"] .facet-options');
      engine.m.facets[f].map(function (v) {
        return [f === "town" ? engine.m.towns.filter(function (t) { return t[0] === v[0]; })[0][1] : label(v), v];
      }).sort(function (x, y) { return x[0].localeCompare(y[0], lang); }).forEach(function (pair) {
        var v = pair[1];
        var id = "facet-" + f + "-" + v[0], row = el("div", "facet-option"), box2 = el("input"), lab = el("label");
        box2.type = "checkbox"; box2.name = f; box2.value = v[0]; box2.id = id;
        lab.htmlFor = id;
        lab.appendChild(document.createTextNode(pair[0]));
        lab.appendChild(el("span", "facet-count"));
        row.appendChild(box2); row.appendChild(lab);
        box.appendChild(row);
      });
    });
    engine.m.towns.forEach(function (t) {
      var o = el("option", "", fill(S.fromTown, t[1]));
      o.value = "town:" + t[0];
      sort.appendChild(o);
    });
  }

  function setForm(st) {
    input.value = st.q;
    form.elements.open.checked = st.open;
    FACETS.forEach(function (f) {
      form.querySelectorAll('input[name="' + f + '"]').forEach(function (c) { c.checked = st.filters[f].indexOf(c.value) >= 0; });
    });
    sort.value = st.sort;
    if (sort.value !== st.sort) sort.value = "";
  }

  function showCounts(counts) {
    FACETS.forEach(function (f) {
      form.querySelectorAll('input[name="' + f + '"]').forEach(function (c) {
        var n = counts[f][c.value] || 0;
        c.parentNode.querySelector(".facet-count").textContent = " (" + n + ")";
        c.parentNode.hidden = !n && !c.checked;
      });
    });
  }

  function where() {  // the point results are sorted from, or null
    if (state.sort === "near") return origin;
    var t = state.sort.slice(0, 5) === "town:" && engine.m.towns.filter(function (x) { return "town:" + x[0] === state.sort; })[0];
    return t ? [t[3], t[4]] : null;
  }

  function render(result, records, hoursOf, mine) {
    if (mine !== seq) return;
    var n = result.total;
    list.textContent = "";
    hint.textContent = "";
    hint.hidden = true;
    if (result.mode === "fuzzy" && result.suggestion) {
      var parts = S.didYouMean.split("{q}"), link = el("a", "", result.suggestion);
      link.href = toUrl({ q: result.suggestion, filters: state.filters, open: state.open, sort: state.sort });
      link.addEventListener("click", function (e) {
        e.preventDefault();
        input.value = result.suggestion;
        update(true);
        input.focus();
      });
      hint.appendChild(el("span", "", fill(S.noExact, state.q) + " "));
      hint.appendChild(document.createTextNode(parts[0]));
      hint.appendChild(link);
      hint.appendChild(document.createTextNode(parts[1] || ""));
      hint.hidden = false;
    }
    status.textContent = result.mode === "none" ? S.prompt : n === 0 ? S.none : n === 1 ? S.one : fill(S.many, n);
    records.forEach(function (r, i) {
      var hit = result.shown[i], doc = hit.doc, town = engine.town(doc);
      var li = el("li", "search-result"), a = el("a", "", r[0]), meta = el("p", "search-meta");
      li.setAttribute("data-shop", town[0] + "/" + r[1]);
      li.setAttribute("data-score", hit.score);
      a.href = shopBase + encodeURIComponent(r[1]) + "/";
      li.appendChild(el("h2")).appendChild(a);
      var cats = engine.values(doc, "category", r[6]).map(function (c) {
        return label(engine.m.facets.category.filter(function (v) { return v[0] === c; })[0] || [c, 0, {}]);
      });
      meta.textContent = cats.join(", ") + " · " + (r[4] ? S.online : town[1]);
      li.appendChild(meta);
      var badges = el("p", "search-badges");
      if (hoursOf(r[5])) {
        var open = isOpen(hoursOf(r[5]), town[2], new Date());
        badges.appendChild(el("span", open ? "badge-open" : "badge-closed", open ? S.open : S.closed));
      }
      if (hit.km !== undefined) badges.appendChild(el("span", "badge-distance", fill(S.km, hit.km.toFixed(1))));
      if (badges.firstChild) li.appendChild(badges);
      list.appendChild(li);
    });
    more.hidden = n <= result.shown.length;
    root.setAttribute("data-state", "ready");
    root.setAttribute("data-query", state.q);
  }

  function run() {
    var mine = ++seq, st = state;
    root.setAttribute("data-state", "busy");
    var asked = { q: st.q, filters: st.filters, open: st.open, now: new Date(), counts: details.open };
    return engine.search(asked).then(function (result) {
      if (mine !== seq) return;
      if (details.open) showCounts(result.counts);
      result.total = result.hits.length;
      var from = where();
      return (from ? engine.nearest(result.hits, from, shown) : Promise.resolve(result.hits)).then(function (hits) {
        result.hits = hits;
        result.shown = hits.slice(0, shown);
        var docs = result.shown.map(function (h) { return h.doc; });
        return engine.records(docs).then(function (rows) {
          return engine.hours(rows.map(function (r) { return r[5]; })).then(function (hoursOf) {
            render(result, rows, hoursOf, mine);
          });
        });
      });
    }).catch(function (e) {
      if (mine !== seq) return;
      status.textContent = S.error;
      root.setAttribute("data-state", "error");
      if (window.console) console.error(e);
    });
  }

  function update(push) {
    state = fromForm();
    shown = pageSize;
    var url = toUrl(state);
    if (url !== location.pathname + location.search) {
      history[push ? "pushState" : "replaceState"]({ typing: !push }, "", url);
    }
    return run();
  }

  function locate() {
    if (!navigator.geolocation) { sort.value = ""; status.textContent = S.noLocation; return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      origin = [pos.coords.latitude, pos.coords.longitude];
      update(true);
    }, function () {
      sort.value = "";
      update(true).then(function () { status.textContent = S.noLocation; });
    });
  }

  function start(manifest) {
    base = new URL(manifest.files, manifestUrl).href;
    return Engine.open(manifest, function (name) {
      return fetch(base + name).then(function (r) {
        if (!r.ok) throw new Error(name + ": HTTP " + r.status);
        return r.json();
      });
    }).then(begin);
  }

  function begin(opened) {
    engine = opened;
    buildFacets();
    state = fromUrl();
    setForm(state);
    // filters stay folded until asked for (their live counts cost bytes), open when some are set
    if (FACETS.some(function (f) { return state.filters[f].length; })) details.open = true;
    details.addEventListener("toggle", function () { if (details.open) run(); });  // counts are read when shown
    if (state.sort === "near") state.sort = "";  // the position is asked again, never remembered
    input.addEventListener("input", function () { update(!typing); typing = true; });
    form.addEventListener("change", function (e) {
      if (e.target === input) return;
      typing = false;
      if (e.target === sort && sort.value === "near") return locate();
      update(true);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); typing = false; update(true); });
    more.addEventListener("click", function () {
      shown += pageSize;
      var first = list.children.length;
      run().then(function () { var a = list.children[first] && list.children[first].querySelector("a"); if (a) a.focus(); });
    });
    window.addEventListener("popstate", function () {
      typing = false;
      state = fromUrl();
      if (state.sort === "near" && !origin) state.sort = "";
      setForm(state);
      shown = pageSize;
      run();
    });
    // arrow keys move between the field and the results
    root.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(list.querySelectorAll("a")), at = links.indexOf(document.activeElement);
      if (document.activeElement !== input && at < 0) return;
      e.preventDefault();
      var next = e.key === "ArrowDown" ? at + 1 : at - 1;
      (next < 0 ? input : links[Math.min(next, links.length - 1)] || input).focus();
    });
    run();
  }

  root.hidden = false;
  Array.prototype.forEach.call(document.querySelectorAll(".search-fallback, .site-header .search-form"), function (e) {
    e.hidden = true;
  });
  status.textContent = S.loading;
  fetch(manifestUrl).then(function (r) {
    if (!r.ok) throw new Error("manifest: HTTP " + r.status);
    return r.json();
  }).then(start).catch(function (e) {
    status.textContent = S.error;
    if (window.console) console.error(e);
  });
})();
