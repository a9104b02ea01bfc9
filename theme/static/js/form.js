/* Vitrines: the "Add my shop" form (theme/templates/form.html). Progressive enhancement:
   without this file the form still shows every field and sends what was typed by e-mail.

   With it, what is typed is checked as `vitrines validate` checks a shop file: against the
   shop schema itself (embedded in the page by the build, with the towns' phone plans, postal
   codes, centres and required languages), so the form cannot drift from the format. It then
   writes the shop's YAML file, to download (alone, or with the photos as a ZIP), copy, propose
   on the repository host or send by e-mail. What is typed is kept in this browser (localStorage,
   photos in IndexedDB) until "Start again", so a reload or a mistake loses nothing.
   "Report a change" links open this page with the shop's public fields after "#change=". */
(function () {
  "use strict";
  var form = document.getElementById("shop-form");
  var configNode = document.getElementById("form-config");
  if (!form || !configNode || !window.JSON || !window.Promise || !window.Map || !window.TextEncoder ||
      !Array.from || !Element.prototype.closest) { return; }
  var config = JSON.parse(configNode.textContent);
  var S = JSON.parse(form.getAttribute("data-strings"));
  var root = config.schema;
  var lang = config.lang;
  var live = false;         // check while typing, once the person has tried to send
  var photos = new Map();   // file input -> {file, kind, error}
  var pending = [];         // photo checks still running
  var order = {};           // choices name -> values in the order they were ticked
  var change = readChange(); // {town, slug, data} when reporting a change to a shop
  var kept = [];            // [path, value] of a prefilled shop that the form does not show
  var draftKey = "vitrines-form:" + (change ? change.town + "/" + change.slug : "new");
  var result = null;
  var saveTimer = null;

  function byId(id) { return document.getElementById(id); }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function fmt(text, params) {
    return String(text).replace(/\{(\w+)\}/g, function (m, k) { return params && k in params ? params[k] : m; });
  }
  function local(texts) {
    if (texts && typeof texts === "object") { return texts[lang] || texts.en || ""; }
    return texts || "";
  }
  function sentence(text) {
    text = String(text);
    text = text.charAt(0).toUpperCase() + text.slice(1);
    return /[.!?]$/.test(text) ? text : text + ".";
  }
  function equal(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function clone(value) { return JSON.parse(JSON.stringify(value)); }

  // --- the schema ---------------------------------------------------------------------

  function deref(node) {
    while (node && typeof node === "object" && node.$ref) {
      var target = root.$defs[node.$ref.split("/").pop()];
      var merged = {}, k;
      for (k in target) { merged[k] = target[k]; }
      for (k in node) { if (k !== "$ref") { merged[k] = node[k]; } }
      node = merged;
    }
    return node;
  }

  // a node with its allOf merged in: for labels, types and hints (validation applies each part)
  function resolve(node) {
    node = deref(node);
    if (!node || typeof node !== "object" || !node.allOf) { return node || {}; }
    var merged = {}, extra = {}, k;
    node.allOf.forEach(function (part) {
      part = resolve(part);
      for (k in part) { merged[k] = part[k]; }
      for (k in part.additionalProperties || {}) { extra[k] = part.additionalProperties[k]; }
    });
    for (k in node) { if (k !== "allOf") { merged[k] = node[k]; } }
    for (k in (typeof node.additionalProperties === "object" && node.additionalProperties) || {}) {
      extra[k] = node.additionalProperties[k];
    }
    if (Object.keys(extra).length) { merged.additionalProperties = extra; }
    return merged;
  }

  function nodeAt(path) {
    var node = resolve(root);
    path.forEach(function (part) {
      if (typeof part === "number") { node = resolve(node.items); }
      else if (node.properties && node.properties[part]) { node = resolve(node.properties[part]); }
      else { node = resolve(typeof node.additionalProperties === "object" ? node.additionalProperties : {}); }
    });
    return node || {};
  }

  var regexes = {};
  function regex(pattern) {
    if (!(pattern in regexes)) {
      try { regexes[pattern] = new RegExp(pattern, "u"); } catch (e) { regexes[pattern] = null; }
    }
    return regexes[pattern];
  }

  function typeOf(v) {
    if (v === null) { return "null"; }
    if (Array.isArray(v)) { return "array"; }
    if (typeof v === "number") { return Number.isInteger(v) ? "integer" : "number"; }
    return typeof v;
  }
  function typeOk(type, v) {
    var kind = typeOf(v);
    return (Array.isArray(type) ? type : [type]).some(function (t) {
      return t === kind || (t === "number" && kind === "integer");
    });
  }
  function isDate(v) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) { return false; }
    var d = new Date(v + "T00:00:00Z");
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }
  function goodHost(url) {
    try { var host = new URL(url).hostname; return host.indexOf(".") > 0; } catch (e) { return false; }
  }

  // The JSON Schema keywords the shop schema uses (2020-12), reporting where each problem is.
  function check(node, value, path, out) {
    if (node === true || node === undefined) { return; }
    if (node === false) { out.push({path: path, keyword: "false", node: {}}); return; }
    node = deref(node);
    function add(keyword, params) { out.push({path: path, keyword: keyword, node: node, params: params || {}}); }
    if (node.allOf) { node.allOf.forEach(function (part) { check(part, value, path, out); }); }
    if (node.anyOf && !node.anyOf.some(function (p) { return passes(p, value); })) { add("anyOf"); }
    if (node.oneOf && node.oneOf.filter(function (p) { return passes(p, value); }).length !== 1) { add("oneOf"); }
    if (node.not !== undefined && passes(node.not, value)) { add("not"); }
    if (node["if"] !== undefined) {
      if (passes(node["if"], value)) { if (node.then !== undefined) { check(node.then, value, path, out); } }
      else if (node["else"] !== undefined) { check(node["else"], value, path, out); }
    }
    if ("const" in node && !equal(node["const"], value)) { add("const"); }
    if (node["enum"] && !node["enum"].some(function (e) { return equal(e, value); })) { add("enum"); }
    if (node.type && !typeOk(node.type, value)) { add("type"); return; }
    var kind = typeOf(value), k;
    if (kind === "string") {
      var length = Array.from(value).length;
      if (node.minLength !== undefined && length < node.minLength) { add("minLength"); }
      if (node.maxLength !== undefined && length > node.maxLength) { add("maxLength", {n: node.maxLength, count: length}); }
      var re = node.pattern && regex(node.pattern);
      if (re && !re.test(value)) { add("pattern"); }
      else if (node.pattern && node.pattern.indexOf("^https?://") === 0 && !goodHost(value)) { add("urlHost"); }
      if (node.format === "date" && !isDate(value)) { add("format"); }
      if (node.format === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) { add("format"); }
    } else if (kind === "number" || kind === "integer") {
      if ((node.minimum !== undefined && value < node.minimum) || (node.maximum !== undefined && value > node.maximum) ||
          (node.exclusiveMinimum !== undefined && value <= node.exclusiveMinimum) ||
          (node.exclusiveMaximum !== undefined && value >= node.exclusiveMaximum)) { add("range"); }
    } else if (kind === "array") {
      if (node.minItems !== undefined && value.length < node.minItems) { add("minItems"); }
      if (node.maxItems !== undefined && value.length > node.maxItems) { add("maxItems"); }
      if (node.uniqueItems) {
        var seen = {};
        value.forEach(function (item) {
          var key = JSON.stringify(item);
          if (seen[key]) { add("uniqueItems", {value: typeof item === "string" ? item : key}); }
          seen[key] = true;
        });
      }
      if (node.items !== undefined) {
        value.forEach(function (item, i) { check(node.items, item, path.concat([i]), out); });
      }
    } else if (kind === "object") {
      (node.required || []).forEach(function (name) {
        if (!(name in value)) {
          out.push({path: path.concat([name]), keyword: "required",
                    node: resolve((node.properties || {})[name] || {}), params: {}});
        }
      });
      var props = node.properties || {}, patterns = node.patternProperties || {};
      for (k in value) {
        var matched = false;
        if (k in props) { matched = true; check(props[k], value[k], path.concat([k]), out); }
        for (var p in patterns) {
          if (regex(p) && regex(p).test(k)) { matched = true; check(patterns[p], value[k], path.concat([k]), out); }
        }
        if (!matched && node.additionalProperties !== undefined) {
          check(node.additionalProperties, value[k], path.concat([k]), out);
        }
        if (node.propertyNames !== undefined && !passes(node.propertyNames, k)) {
          out.push({path: path.concat([k]), keyword: "propertyNames", node: node, params: {}});
        }
      }
      if (node.minProperties !== undefined && Object.keys(value).length < node.minProperties) { add("minProperties"); }
    }
  }
  function passes(node, value) { var found = []; check(node, value, [], found); return found.length === 0; }

  function message(e) {
    var node = e.node || {};
    var hint = local(node["x-hint"]);
    switch (e.keyword) {
      case "required": case "minProperties": case "minLength":
        return node.type === "array" ? fmt(S.minItems, {n: node.minItems || 1}) : S.required;
      case "maxLength": return fmt(S.maxLength, e.params);
      case "pattern": return hint ? sentence(hint) : (node.format === "email" ? S.email : S.pattern);
      case "urlHost": return S.urlHost;
      case "format": return node.format === "email" ? S.email : (hint ? sentence(hint) : S.date);
      case "type": return node.type === "number" || node.type === "integer" ? S.number : S.pattern;
      case "range": return fmt(S.range, {min: node.minimum, max: node.maximum});
      case "enum": case "const": return S["enum"];
      case "minItems": return fmt(S.minItems, {n: node.minItems});
      case "maxItems": return fmt(S.maxItems, {n: node.maxItems});
      case "uniqueItems": return fmt(S.unique, e.params);
      case "oneOf": return sentence(local(node["x-message"]) || S.pattern);
      default: return S.pattern;
    }
  }

  // --- from the form to the shop's data ---------------------------------------------------

  function pathOf(name) {
    return name.split(".").map(function (part) { return /^\d+$/.test(part) ? Number(part) : part; });
  }
  function getIn(data, path) {
    var cur = data;
    for (var i = 0; i < path.length; i++) {
      if (cur === null || typeof cur !== "object") { return undefined; }
      cur = cur[path[i]];
    }
    return cur;
  }
  function setIn(data, path, value) {
    var cur = data;
    for (var i = 0; i < path.length - 1; i++) {
      if (cur[path[i]] === undefined || cur[path[i]] === null || typeof cur[path[i]] !== "object") {
        cur[path[i]] = typeof path[i + 1] === "number" ? [] : {};
      }
      cur = cur[path[i]];
    }
    cur[path[path.length - 1]] = value;
  }

  function normalizeRange(text) {
    var m = /^(\d{1,2})(?:[:hH.](\d{2})?)?-(\d{1,2})(?:[:hH.](\d{2})?)?$/.exec(text);
    if (!m) { return text; }
    function two(n) { return ("0" + n).slice(-2); }
    return two(m[1]) + ":" + (m[2] || "00") + "-" + two(m[3]) + ":" + (m[4] || "00");
  }

  // "09:00-12:30, 14h-18h", "fr en NL" -> items; each fixed to the item's pattern when it can be
  function splitList(raw, node) {
    var item = resolve(node.items || {});
    raw = raw.replace(/["'“”«»]/g, " ").replace(/\s+(?:à|a|to)\s+/gi, "-").replace(/\s*[-–—]\s*/g, "-").trim();
    if (/^(?:ferm[ée]e?|closed|-)$/i.test(raw)) { return []; }
    return raw.split(/[\s,;]+/).filter(Boolean).map(function (value) {
      var re = item.pattern && regex(item.pattern);
      if (!re || re.test(value)) { return value; }
      var candidates = [value.toLowerCase(), normalizeRange(value)];
      for (var i = 0; i < candidates.length; i++) { if (re.test(candidates[i])) { return candidates[i]; } }
      return value;
    });
  }

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss");
  }
  // the same as shopfile.slugify in Python
  function slugify(text) {
    var slug = fold(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (slug.length > 60) { slug = slug.slice(0, 60).replace(/-[^-]*$/, "") || slug.slice(0, 60); }
    return slug;
  }

  function photoNames() {
    var names = new Map(), taken = {};
    each(form.querySelectorAll('input[type="file"]'), function (input) {
      var entry = photos.get(input), name = input.getAttribute("data-existing") || "";
      if (entry) {
        var stem = entry.file.name.replace(/\.[^.]*$/, "");
        var base = slugify(stem) || "photo", ext = entry.kind || "jpg", n = 2;
        name = base + "." + ext;
        while (taken[name]) { name = base + "-" + n + "." + ext; n += 1; }
      }
      if (name) { taken[name] = true; names.set(input, name); }
    });
    return names;
  }

  function prune(value, inArray) {
    if (Array.isArray(value)) { return value.map(function (v) { return prune(v, true); }); }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (k) {
        var v = prune(value[k], false);
        var empty = v && typeof v === "object" && !Array.isArray(v) && !Object.keys(v).length;
        if (!empty) { out[k] = v; }
      });
      return out;
    }
    return value;
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }

  function collect() {
    var data = {}, names = photoNames(), bad = [];
    each(form.elements, function (el) {
      if (!el.name || el.name === "town" || el.tagName === "BUTTON" || el.tagName === "FIELDSET") { return; }
      var path = pathOf(el.name), node = nodeAt(path);
      if (el.type === "checkbox") {
        if (node.type === "boolean" && el.checked) { setIn(data, path, true); }
        return;
      }
      if (el.type === "radio") {
        if (el.checked && !equal(node["default"], el.value)) { setIn(data, path, el.value); }
        return;
      }
      if (el.type === "file") {
        if (names.has(el)) { setIn(data, path, names.get(el)); }
        return;
      }
      var raw = el.value.trim();
      if (el.hasAttribute("data-list")) {
        var items = splitList(raw, node);
        if (items.length) { setIn(data, path, items); }
        return;
      }
      if (!raw) {
        if (el.validity && el.validity.badInput) { bad.push(path); setIn(data, path, "?"); }
        return;
      }
      if (node.type === "number" || node.type === "integer") {
        var number = Number(raw.replace(",", "."));
        setIn(data, path, isFinite(number) ? number : raw);
        return;
      }
      setIn(data, path, raw);
    });
    each(form.querySelectorAll('fieldset[data-kind="choices"]'), function (fieldset) {
      var name = fieldset.getAttribute("data-name"), checked = [];
      each(fieldset.querySelectorAll("input:checked"), function (input) { checked.push(input.value); });
      var ticked = (order[name] || []).filter(function (v) { return checked.indexOf(v) >= 0; });
      checked.forEach(function (v) { if (ticked.indexOf(v) < 0) { ticked.push(v); } });
      if (ticked.length) { setIn(data, pathOf(name), ticked); }
    });
    each(form.querySelectorAll('fieldset[data-kind="item"]'), function (item) {
      var path = pathOf(item.getAttribute("data-name"));
      if (getIn(data, path) === undefined) { setIn(data, path, {}); }
    });
    data = prune(data, false);
    kept.forEach(function (entry) {
      if (getIn(data, entry[0]) === undefined) { setIn(data, entry[0], clone(entry[1])); }
    });
    Object.keys(root.properties).forEach(function (key) {
      if (root.properties[key]["x-form"] === "today") { data[key] = today(); }
    });
    return data;
  }

  // --- checks beyond the schema: the town's rules, hours, photos ----------------------------

  function minutes(text) { return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5)); }
  function parseRange(text) {
    var start = minutes(text), end = minutes(text.slice(6));
    if (end <= start) { end += 1440; }
    return {start: start, end: end, text: text};
  }
  var RANGE = /^(?:[01]\d|2[0-3]):[0-5]\d-(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

  function checkRanges(texts, path, out) {
    var ranges = [];
    (texts || []).forEach(function (text) {
      if (typeof text !== "string" || !RANGE.test(text)) { return; }
      var r = parseRange(text);
      if (r.end - r.start === 1440 && text !== "00:00-24:00") { out.push({path: path, message: fmt(S.sameTime, {value: text})}); return; }
      ranges.push(r);
    });
    ranges.sort(function (a, b) { return a.start - b.start || a.end - b.end; });
    for (var i = 1; i < ranges.length; i++) {
      if (ranges[i].start < ranges[i - 1].end) {
        out.push({path: path, message: fmt(S.overlap, {value: ranges[i].text, other: ranges[i - 1].text})});
      }
    }
    return ranges;
  }

  function distance(lat1, lon1, lat2, lon2) {
    var r = Math.PI / 180, dp = (lat2 - lat1) * r, dl = (lon2 - lon1) * r;
    var a = Math.pow(Math.sin(dp / 2), 2) + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.pow(Math.sin(dl / 2), 2);
    return 6371 * 2 * Math.asin(Math.sqrt(a));
  }

  function phoneOk(value, plan) {
    if (!plan || !plan.pattern) { return true; }
    var digits = value.replace(/[\s().\-\/]/g, ""), national;
    if (!/^(?:\+|00)?\d+$/.test(digits)) { return false; }
    if (digits.charAt(0) === "+" || digits.slice(0, 2) === "00") {
      var international = digits.replace(/^(?:\+|00)/, "");
      if (international.indexOf(plan.code) !== 0) { return international.length >= 7 && international.length <= 15; }
      national = international.slice(plan.code.length);
    } else {
      national = digits;
      if (plan.prefix && national.indexOf(plan.prefix) === 0) { national = national.slice(plan.prefix.length); }
    }
    var re = regex("^(?:" + plan.pattern + ")$");
    return !re || re.test(national);
  }

  function crossChecks(data, townSlug, out) {
    var town = config.towns[townSlug];
    (Array.isArray(data.languages) ? data.languages : []).forEach(function (code) {
      if (typeof code === "string" && /^[a-z]{2,3}$/.test(code) && config.languageCodes.indexOf(code) < 0) {
        out.push({path: ["languages"], message: fmt(S.language, {value: code})});
      }
    });
    if (data.hours && typeof data.hours === "object") {
      var days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], parsed = {};
      days.forEach(function (day) { parsed[day] = checkRanges(data.hours[day], ["hours", day], out); });
      days.forEach(function (day, i) {
        var late = parsed[day].filter(function (r) { return r.end > 1440; }), next = days[(i + 1) % 7];
        if (late.length && parsed[next].length && parsed[next][0].start < late[late.length - 1].end - 1440) {
          out.push({path: ["hours", next], message: fmt(S.overlap, {value: parsed[next][0].text, other: late[late.length - 1].text})});
        }
      });
    }
    (Array.isArray(data.hours_exceptions) ? data.hours_exceptions : []).forEach(function (item, i) {
      if (!item || typeof item !== "object") { return; }
      if (isDate(item.from || "") && isDate(item.to || "") && item.to < item.from) {
        out.push({path: ["hours_exceptions", i, "to"], message: S.toBeforeFrom});
      }
      checkRanges(item.hours, ["hours_exceptions", i, "hours"], out);
    });
    if (!town) { return; }
    if (typeof data.phone === "string" && !phoneOk(data.phone, town.phone)) {
      out.push({path: ["phone"], message: fmt(S.phone, {country: town.country, example: town.phone.example})});
    }
    var address = data.address && typeof data.address === "object" ? data.address : {};
    if (typeof address.postal_code === "string" && town.postal) {
      var re = regex("^(?:" + town.postal.pattern + ")$");
      if (re && !re.test(address.postal_code)) {
        out.push({path: ["address", "postal_code"], message: fmt(S.postal, {country: town.country, example: town.postal.example})});
      }
    }
    var geo = data.geo && typeof data.geo === "object" ? data.geo : {};
    if (typeof geo.lat === "number" && typeof geo.lon === "number" && Math.abs(geo.lat) <= 90 && Math.abs(geo.lon) <= 180) {
      var km = distance(geo.lat, geo.lon, town.lat, town.lon);
      if (km > town.radius) {
        out.push({path: ["geo", "lat"], message: fmt(S.geoFar, {km: Math.round(km), town: town.name, radius: town.radius})});
      }
    }
    town.required.forEach(function (code) {
      var language = code;
      try { language = new Intl.DisplayNames([lang], {type: "language"}).of(code) || code; } catch (e) { /* old browsers */ }
      var say = fmt(S.requiredLanguage, {town: town.name, language: language});
      if (!data.description || !data.description[code]) { out.push({path: ["description", code], message: say}); }
      (Array.isArray(data.photos) ? data.photos : []).forEach(function (photo, i) {
        if (photo && typeof photo === "object" && photo.alt && !photo.alt[code]) {
          out.push({path: ["photos", i, "alt", code], message: say});
        }
      });
    });
  }

  // --- photos --------------------------------------------------------------------------------

  function sniff(b) {
    function ascii(from, to) { return String.fromCharCode.apply(null, Array.from(b.slice(from, to))); }
    if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) { return "jpg"; }
    if (b[0] === 0x89 && ascii(1, 4) === "PNG") { return "png"; }
    if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") { return "webp"; }
    if (ascii(4, 8) === "ftyp" && /^(?:avif|avis)$/.test(ascii(8, 12))) { return "avif"; }
    return null;
  }

  function dimensions(file) {
    return new Promise(function (resolve) {
      var image = new Image(), url = URL.createObjectURL(file);
      image.onload = function () { URL.revokeObjectURL(url); resolve({width: image.naturalWidth, height: image.naturalHeight}); };
      image.onerror = function () { URL.revokeObjectURL(url); resolve(null); };
      image.src = url;
    });
  }

  function checkPhoto(input) {
    var file = input.files && input.files[0];
    if (!file) { photos["delete"](input); return Promise.resolve(); }
    var entry = {file: file, kind: null, error: null};
    photos.set(input, entry);
    var done;
    if (file.size > config.maxPhotoBytes) {
      entry.error = fmt(S.photoSize, {size: (file.size / 1e6).toFixed(1), limit: Math.round(config.maxPhotoBytes / 1e6)});
      done = Promise.resolve();
    } else {
      done = file.slice(0, 16).arrayBuffer().then(function (buffer) {
        entry.kind = sniff(new Uint8Array(buffer));
        if (!entry.kind) { entry.error = S.photoType; return null; }
        return dimensions(file).then(function (size) {
          if (!size) { entry.error = S.photoUnreadable; }
          else if (size.width * size.height > config.maxPhotoPixels) {
            entry.error = fmt(S.photoPixels, {width: size.width, height: size.height, limit: Math.round(config.maxPhotoPixels / 1e6)});
          }
        });
      });
    }
    pending.push(done);
    return done.then(function () {
      pending = pending.filter(function (p) { return p !== done; });
      update(input);
    });
  }

  // Photos are kept in IndexedDB, so that a reload does not lose them either.
  var store = new Promise(function (resolve) {
    try {
      var request = window.indexedDB.open("vitrines-form", 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("photos"); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { resolve(null); };
    } catch (e) { resolve(null); }
  });
  function photoStore(mode, action) {
    return store.then(function (db) {
      if (!db) { return null; }
      return new Promise(function (resolve) {
        try {
          var tx = db.transaction("photos", mode), request = action(tx.objectStore("photos"));
          tx.oncomplete = function () { resolve(request ? request.result : null); };
          tx.onerror = tx.onabort = function () { resolve(null); };
        } catch (e) { resolve(null); }
      });
    });
  }
  function token() { return Date.now().toString(36) + Math.random().toString(36).slice(2, 10); }

  function showFileInfo(input, text) {
    var info = byId(input.id + "-info");
    if (info) { info.textContent = text || ""; info.hidden = !text; }
  }

  function onFileChosen(input) {
    var file = input.files && input.files[0];
    var old = input.getAttribute("data-token");
    if (old) { photoStore("readwrite", function (s) { return s["delete"](old); }); input.removeAttribute("data-token"); }
    if (file) {
      var key = token();
      input.setAttribute("data-token", key);
      photoStore("readwrite", function (s) { return s.put({file: file, name: file.name, type: file.type}, key); });
      showFileInfo(input, "");
    }
    checkPhoto(input);
    save();
  }

  // --- repeated groups (photos, special dates) ------------------------------------------------

  function items(repeat) { return repeat.querySelectorAll(':scope > .repeat-items > fieldset[data-kind="item"]'); }

  function renumber(repeat) {
    var base = repeat.getAttribute("data-name"), baseId = repeat.id;
    each(items(repeat), function (item, i) {
      each([item].concat(Array.from(item.querySelectorAll("*"))), function (el) {
        ["id", "name", "for", "aria-describedby", "data-name"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value === null) { return; }
          value = value.split(" ").map(function (part) {
            if (part.indexOf(baseId + "-") === 0) { return baseId + "-" + i + part.slice(baseId.length + 1).replace(/^(?:\d+|__i__)/, ""); }
            if (part.indexOf(base + ".") === 0) { return base + "." + i + part.slice(base.length + 1).replace(/^(?:\d+|__i__)/, ""); }
            return part;
          }).join(" ");
          el.setAttribute(attr, value);
        });
      });
      each(item.querySelectorAll(".item-number"), function (span) { span.textContent = String(i + 1); });
    });
    var max = Number(repeat.getAttribute("data-max") || 0);
    var add = repeat.querySelector(":scope > [data-add]");
    if (add) { add.hidden = Boolean(max) && items(repeat).length >= max; }
  }

  function addItem(repeat) {
    var template = byId(repeat.id + "-template");
    var item = template.content.firstElementChild.cloneNode(true);
    repeat.querySelector(":scope > .repeat-items").appendChild(item);
    renumber(repeat);
    wire(item);
    return item;
  }

  function removeItem(item) {
    var repeat = item.closest('fieldset[data-kind="repeat"]');
    each(item.querySelectorAll('input[type="file"]'), function (input) {
      var key = input.getAttribute("data-token");
      if (key) { photoStore("readwrite", function (s) { return s["delete"](key); }); }
      photos["delete"](input);
    });
    var next = item.nextElementSibling || item.previousElementSibling;
    item.parentNode.removeChild(item);
    renumber(repeat);
    var focus = next ? next.querySelector("input, select, textarea") : repeat.querySelector(":scope > [data-add]");
    if (focus) { focus.focus(); }
    save();
    update(null);
  }

  function wire(scope) {
    each(scope.querySelectorAll("[data-remove]"), function (button) {
      button.addEventListener("click", function () { removeItem(button.closest('fieldset[data-kind="item"]')); });
    });
    each(scope.querySelectorAll('input[type="file"]'), function (input) {
      input.addEventListener("change", function () { onFileChosen(input); });
    });
  }

  function ensureItems(repeat, count) {
    while (items(repeat).length < count) { addItem(repeat); }
  }

  // --- errors ------------------------------------------------------------------------------

  function controlFor(path) {
    for (var n = path.length; n > 0; n--) {
      var el = byId("f-" + path.slice(0, n).join("-"));
      if (el) { return el; }
    }
    return null;
  }
  function focusTarget(el) {
    if (el.tagName !== "FIELDSET") { return el; }
    return el.querySelector("input:not([type=hidden]), select, textarea, button") || el;
  }
  function labelOf(el) {
    var parts = [], node = el;
    if (el.tagName !== "FIELDSET") {
      var label = form.querySelector('label[for="' + el.id + '"]');
      if (label) { parts.push(label.textContent); }
      node = el.parentNode;
    }
    while (node && node !== form) {
      if (node.tagName === "FIELDSET") {
        var legend = node.querySelector(":scope > legend");
        if (legend) { parts.unshift(legend.textContent); }
      }
      node = node.parentNode;
    }
    return parts.map(function (p) { return p.replace(/\s*\([^)]*\)\s*$/, "").replace(/\s+/g, " ").trim(); })
      .filter(Boolean).join(" › ");
  }
  function describe(el, id, on) {
    var ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x && x !== id; });
    if (on) { ids.push(id); }
    if (ids.length) { el.setAttribute("aria-describedby", ids.join(" ")); } else { el.removeAttribute("aria-describedby"); }
  }

  function clearOne(p) {
    p.hidden = true;
    p.textContent = "";
    var owner = byId(p.id.replace(/-error$/, ""));
    if (owner) {
      describe(owner, p.id, false);
      owner.removeAttribute("aria-invalid");
      var box = owner.closest(".field, fieldset");
      if (box) { box.classList.remove("has-error"); }
    }
  }
  function showOne(el, text) {
    var p = byId(el.id + "-error");
    if (!p) { return; }
    p.textContent = text;
    p.hidden = false;
    describe(el, p.id, true);
    if (el.tagName !== "FIELDSET") { el.setAttribute("aria-invalid", "true"); }
    var box = el.closest(".field, fieldset");
    if (box) { box.classList.add("has-error"); }
  }
  function clearErrors() {
    each(form.querySelectorAll(".field-error:not([hidden])"), clearOne);
  }

  function validateAll() {
    var data = collect(), town = byId("f-town").value, found = [], problems = [];
    if (!town) { problems.push({path: ["town"], message: S.required}); }
    check(root, data, [], found);
    found.forEach(function (e) {
      var path = e.path, node = e.keyword === "required" ? nodeAt(e.path) : e.node;
      if (e.keyword === "required") {  // a missing group: point at its first required control
        while (node && node.type === "object" && node.required && node.required.length) {
          path = path.concat([node.required[0]]);
          node = resolve((node.properties || {})[node.required[0]]);
        }
      }
      problems.push({path: path, message: message(e.keyword === "required" ? {keyword: e.keyword, node: nodeAt(e.path)} : e)});
    });
    crossChecks(data, town, problems);
    photos.forEach(function (entry, input) {
      if (entry.error && input.isConnected) { problems.push({path: pathOf(input.name), message: entry.error}); }
    });
    var byControl = new Map(), loose = [];
    problems.forEach(function (p) {
      var el = controlFor(p.path);
      if (!el) { loose.push(p); return; }
      if (!byControl.has(el)) { byControl.set(el, p.message); }
    });
    var errors = Array.from(byControl.keys()).sort(function (a, b) {
      return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    }).map(function (el) { return {el: el, message: byControl.get(el)}; });
    loose.forEach(function (p) { errors.push({el: null, message: p.path.join(".") + ": " + p.message}); });
    return {data: data, town: town, errors: errors};
  }

  function showErrors(errors) {
    clearErrors();
    errors.forEach(function (e) { if (e.el) { showOne(e.el, e.message); } });
  }

  function showSummary(errors, moveFocus) {
    var summary = byId("error-summary"), list = summary.querySelector("ul");
    if (!errors.length) { summary.hidden = true; return; }
    byId("error-summary-title").textContent = errors.length === 1 ? S.summaryOne : fmt(S.summaryMany, {n: errors.length});
    list.textContent = "";
    errors.forEach(function (e) {
      var li = document.createElement("li");
      if (e.el) {
        var a = document.createElement("a"), target = focusTarget(e.el);
        a.href = "#" + target.id;
        a.textContent = labelOf(e.el) + (lang === "fr" ? " : " : ": ") + e.message;
        a.addEventListener("click", function (ev) {
          ev.preventDefault();
          target.focus();
          target.scrollIntoView({block: "center"});
        });
        li.appendChild(a);
      } else {
        li.textContent = e.message;
      }
      list.appendChild(li);
    });
    summary.hidden = false;
    if (moveFocus) { summary.focus(); }
  }

  function refresh(moveFocus) {
    var state = validateAll();
    showErrors(state.errors);
    showSummary(state.errors, moveFocus);
    return state;
  }

  // After a first try, a fixed problem's message goes as soon as it is fixed; new problems wait
  // for the next "check" (nothing moves under the pointer), but for the control just changed
  // (a photo that turns out to be too big).
  function update(target) {
    if (!live) { return; }
    var now = new Map();
    validateAll().errors.forEach(function (e) { if (e.el) { now.set(e.el, e.message); } });
    each(form.querySelectorAll(".field-error:not([hidden])"), function (p) {
      var owner = byId(p.id.replace(/-error$/, ""));
      if (!owner || !now.has(owner)) { clearOne(p); } else { p.textContent = now.get(owner); }
    });
    if (target && now.has(target)) { showOne(target, now.get(target)); }
  }

  // --- the shop file -------------------------------------------------------------------------

  var PLAIN_KEY = /^[a-z_][a-z0-9_]*$/;
  var YAML11_WORDS = /^(?:y|yes|n|no|on|off|true|false|null)$/i;

  function quote(text) {
    return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }
  function key(k) { return PLAIN_KEY.test(k) && !YAML11_WORDS.test(k) ? k : quote(k); }
  function scalar(v) {
    if (typeof v === "string") { return quote(v); }
    if (typeof v === "boolean") { return v ? "true" : "false"; }
    if (v === null || v === undefined) { return "null"; }
    return String(v);
  }
  function blockText(text, indent) {
    // a multi-line text as a literal block, when it can be written one exactly
    if (text.indexOf("\n") < 0 || /^\s/.test(text) || /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\r]/.test(text) ||
        /\n\n$/.test(text) || / \n| $/.test(text)) { return null; }
    var chomp = /\n$/.test(text) ? "|" : "|-";
    var lines = text.replace(/\n$/, "").split("\n");
    return [chomp].concat(lines.map(function (line) { return line ? indent + line : ""; }));
  }
  function sortKeys(obj, node) {
    var keys = Object.keys(obj), props = Object.keys((node && node.properties) || {});
    return keys.sort(function (a, b) {
      var ia = props.indexOf(a), ib = props.indexOf(b);
      return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib);
    });
  }
  function emitMapping(obj, indent, node) {
    var lines = [];
    sortKeys(obj, node).forEach(function (k) {
      var v = obj[k], sub = resolve(((node && node.properties) || {})[k] ||
                                    (node && typeof node.additionalProperties === "object" ? node.additionalProperties : {}));
      var head = indent + key(k) + ":";
      if (Array.isArray(v)) {
        if (!v.length) { lines.push(head + " []"); return; }
        if (v.every(function (x) { return x === null || typeof x !== "object"; })) {
          var flow = head + " [" + v.map(scalar).join(", ") + "]";
          if (flow.length <= 100) { lines.push(flow); return; }
          lines.push(head);
          v.forEach(function (x) { lines.push(indent + "  - " + scalar(x)); });
          return;
        }
        lines.push(head);
        v.forEach(function (x) {
          var inner = x && typeof x === "object" && !Array.isArray(x) ? emitMapping(x, indent + "    ", resolve(sub.items)) : [];
          if (!inner.length) { lines.push(indent + "  - {}"); return; }
          lines.push(indent + "  - " + inner[0].slice(indent.length + 4));
          lines.push.apply(lines, inner.slice(1));
        });
      } else if (v && typeof v === "object") {
        if (!Object.keys(v).length) { lines.push(head + " {}"); return; }
        lines.push(head);
        lines.push.apply(lines, emitMapping(v, indent + "  ", sub));
      } else if (typeof v === "string" && blockText(v, indent + "  ")) {
        var block = blockText(v, indent + "  ");
        lines.push(head + " " + block[0]);
        lines.push.apply(lines, block.slice(1));
      } else {
        lines.push(head + " " + scalar(v));
      }
    });
    return lines;
  }
  function toYaml(data) {
    return "# yaml-language-server: $schema=../../schema/shop.schema.json\n" + emitMapping(data, "", resolve(root)).join("\n") + "\n";
  }

  // A ZIP archive without compression (photos are compressed already): the file and its photos.
  var CRC_TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) { c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
      table[n] = c >>> 0;
    }
    return table;
  })();
  function crc32(bytes) {
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) { crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8); }
    return (crc ^ 0xffffffff) >>> 0;
  }
  function zip(files) {
    var parts = [], central = [], offset = 0, now = new Date();
    var time = (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
    var date = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
    function header(size) { var b = new DataView(new ArrayBuffer(size)); return b; }
    files.forEach(function (f) {
      var name = new TextEncoder().encode(f.name), crc = crc32(f.bytes), size = f.bytes.length;
      var local = header(30);
      local.setUint32(0, 0x04034b50, true); local.setUint16(4, 20, true); local.setUint16(6, 0x0800, true);
      local.setUint16(8, 0, true); local.setUint16(10, time, true); local.setUint16(12, date, true);
      local.setUint32(14, crc, true); local.setUint32(18, size, true); local.setUint32(22, size, true);
      local.setUint16(26, name.length, true); local.setUint16(28, 0, true);
      parts.push(local.buffer, name, f.bytes);
      var entry = header(46);
      entry.setUint32(0, 0x02014b50, true); entry.setUint16(4, 20, true); entry.setUint16(6, 20, true);
      entry.setUint16(8, 0x0800, true); entry.setUint16(10, 0, true); entry.setUint16(12, time, true);
      entry.setUint16(14, date, true); entry.setUint32(16, crc, true); entry.setUint32(20, size, true);
      entry.setUint32(24, size, true); entry.setUint16(28, name.length, true);
      entry.setUint32(42, offset, true);
      central.push(entry.buffer, name);
      offset += 30 + name.length + size;
    });
    var centralSize = central.reduce(function (n, p) { return n + p.byteLength; }, 0);
    var end = header(22);
    end.setUint32(0, 0x06054b50, true); end.setUint16(8, files.length, true); end.setUint16(10, files.length, true);
    end.setUint32(12, centralSize, true); end.setUint32(16, offset, true);
    return new Blob(parts.concat(central, [end.buffer]), {type: "application/zip"});
  }

  function download(blob, name) {
    var a = document.createElement("a"), url = URL.createObjectURL(blob);
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function say(text) { byId("form-result-status").textContent = text; }

  function showResult(state) {
    var data = state.data, slug = change ? change.slug : (slugify(data.name || "") || "shop");
    var dir = config.shopsDir + "/" + state.town, file = slug + ".yaml";
    var yaml = toYaml(data), publicData = clone(data);
    delete publicData["private"];
    var names = photoNames(), files = [];
    photos.forEach(function (entry, input) {
      if (input.isConnected && names.has(input)) { files.push({name: names.get(input), file: entry.file}); }
    });
    result = {yaml: yaml, dir: dir, file: file, slug: slug, files: files};
    byId("form-result-path").textContent = dir + "/" + file;
    byId("form-result-yaml").value = yaml;
    byId("form-download-zip").hidden = !files.length;
    var notes = [];
    var repoLink = byId("form-repository"), repo = config.repository;
    if (repo) {
      var encodedDir = dir.split("/").map(encodeURIComponent).join("/");
      repoLink.href = change ? repo.edit.replace("{path}", encodedDir + "/" + encodeURIComponent(file))
        : repo["new"].replace("{dir}", encodedDir).replace("{file}", encodeURIComponent(file))
          .replace("{content}", encodeURIComponent(toYaml(publicData)));
      repoLink.textContent = fmt(change ? S.repoEdit : S.repoNew, {host: repo.host});
      repoLink.hidden = false;
      if (change) { notes.push(fmt(S.repoEditNote, {host: repo.host})); }
      else if (data["private"]) { notes.push(fmt(S.repoNote, {host: repo.host})); }
    }
    var mail = byId("form-email");
    if (config.email) {
      var subject = fmt(change ? S.mailChange : S.mailNew, {name: data.name || slug});
      mail.href = "mailto:" + config.email + "?subject=" + encodeURIComponent(subject) + "&body=" +
        encodeURIComponent(S.mailHello + "\n\n" + S.mailIntro + "\n\n" + yaml);
      mail.hidden = false;
    }
    if (files.length) { notes.push(S.photosNote); }
    var list = byId("form-result-notes");
    list.textContent = "";
    notes.forEach(function (text) { var li = document.createElement("li"); li.textContent = text; list.appendChild(li); });
    byId("form-result").hidden = false;
    say(S.ready);
    byId("form-result-title").focus();
  }

  // --- keeping what was typed --------------------------------------------------------------

  function snapshot() {
    var values = {}, counts = {}, tokens = {};
    each(form.elements, function (el) {
      if (!el.name || el.tagName === "BUTTON" || el.tagName === "FIELDSET") { return; }
      if (el.type === "file") {
        tokens[el.name] = {token: el.getAttribute("data-token") || "", existing: el.getAttribute("data-existing") || ""};
        return;
      }
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name] = values[el.name] || [];
        if (el.checked) { values[el.name].push(el.value); }
        return;
      }
      values[el.name] = el.value;
    });
    each(form.querySelectorAll('fieldset[data-kind="repeat"]'), function (repeat) {
      counts[repeat.getAttribute("data-name")] = items(repeat).length;
    });
    return {values: values, counts: counts, order: order, files: tokens, kept: kept};
  }

  function save() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(function () {
      try { localStorage.setItem(draftKey, JSON.stringify(snapshot())); } catch (e) { /* private browsing, full */ }
    }, 250);
  }

  function restore(state) {
    Object.keys(state.counts || {}).forEach(function (name) {
      var repeat = form.querySelector('fieldset[data-kind="repeat"][data-name="' + name + '"]');
      if (repeat) { ensureItems(repeat, state.counts[name]); }
    });
    each(form.elements, function (el) {
      if (!el.name || !(el.name in (state.values || {}))) { return; }
      var value = state.values[el.name];
      if (el.type === "checkbox" || el.type === "radio") { el.checked = value.indexOf(el.value) >= 0; }
      else if (el.type !== "file" && el.tagName !== "BUTTON") { el.value = value; }
    });
    order = state.order || {};
    kept = state.kept || [];
    each(form.querySelectorAll('input[type="file"]'), function (input) {
      var saved = (state.files || {})[input.name];
      if (!saved) { return; }
      if (saved.existing) {
        input.setAttribute("data-existing", saved.existing);
        showFileInfo(input, fmt(S.photoKept, {file: saved.existing}));
      }
      if (!saved.token) { return; }
      photoStore("readonly", function (s) { return s.get(saved.token); }).then(function (stored) {
        if (!stored || !stored.file) { showFileInfo(input, S.photoAgain); return; }
        input.setAttribute("data-token", saved.token);
        try {
          var transfer = new DataTransfer();
          transfer.items.add(new File([stored.file], stored.name, {type: stored.type}));
          input.files = transfer.files;
        } catch (e) { showFileInfo(input, stored.name); }
        photos.set(input, {file: stored.file, kind: null, error: null});
        checkPhoto(input);
      });
    });
  }

  function readChange() {
    var m = /(?:^#|&)change=([A-Za-z0-9_-]+)/.exec(window.location.hash);
    if (!m) { return null; }
    try {
      var text = m[1].replace(/-/g, "+").replace(/_/g, "/");
      while (text.length % 4) { text += "="; }
      var binary = atob(text), bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
      var found = JSON.parse(new TextDecoder("utf-8").decode(bytes));
      return found && found.data && found.town && found.slug ? found : null;
    } catch (e) { return null; }
  }

  function fill(path, value) {
    var el = byId("f-" + path.join("-")), kind = el && el.getAttribute("data-kind");
    if (kind === "repeat" && Array.isArray(value)) {
      ensureItems(el, value.length);
      value.forEach(function (item, i) { fill(path.concat([i]), item); });
      return;
    }
    if ((kind === "choices" || kind === "radios") && el) {
      var wanted = Array.isArray(value) ? value : [value];
      each(el.querySelectorAll("input"), function (input) { input.checked = wanted.indexOf(input.value) >= 0; });
      if (kind === "choices") { order[path.join(".")] = wanted.slice(); }
      wanted.forEach(function (v) { if (!el.querySelector('input[value="' + String(v).replace(/"/g, "") + '"]')) { kept.push([path, value]); } });
      return;
    }
    if (el && el.tagName === "FIELDSET" && value && typeof value === "object") {
      Object.keys(value).forEach(function (k) { fill(path.concat([k]), value[k]); });
      return;
    }
    if (!el || el.tagName === "FIELDSET") { kept.push([path, value]); return; }
    if (el.type === "file") {
      el.setAttribute("data-existing", value);
      showFileInfo(el, fmt(S.photoKept, {file: value}));
    } else if (el.type === "checkbox") { el.checked = value === true; }
    else if (el.hasAttribute("data-list") && Array.isArray(value)) { el.value = value.join(", "); }
    else { el.value = String(value); }
  }

  function startChange() {
    var town = byId("f-town");
    town.value = change.town;
    town.disabled = true;
    var notice = byId("form-change");
    notice.textContent = fmt(S.changeOf, {name: change.data.name || change.slug});
    notice.hidden = false;
  }

  function clearAll() {
    if (!window.confirm(S.confirmClear)) { return; }
    each(form.querySelectorAll('input[type="file"][data-token]'), function (input) {
      var key = input.getAttribute("data-token");
      photoStore("readwrite", function (s) { return s["delete"](key); });
    });
    try { localStorage.removeItem(draftKey); } catch (e) { /* nothing kept */ }
    form.reset();
    each(form.querySelectorAll('fieldset[data-kind="item"]'), function (item) { item.parentNode.removeChild(item); });
    each(form.querySelectorAll('input[type="file"]'), function (input) { input.removeAttribute("data-existing"); showFileInfo(input, ""); });
    photos.clear();
    order = {};
    kept = [];
    live = false;
    clearErrors();
    byId("error-summary").hidden = true;
    byId("form-result").hidden = true;
    if (change) {
      startChange();
      Object.keys(change.data).forEach(function (k) { fill([k], change.data[k]); });
    }
    each(form.querySelectorAll('fieldset[data-kind="repeat"]'), renumber);
    byId("form-draft").textContent = S.cleared;
    var first = form.querySelector("input, select, textarea");
    if (first) { first.focus(); }
  }

  // --- start ---------------------------------------------------------------------------------

  form.noValidate = true;
  byId("form-without-js").hidden = true;
  byId("form-submit").textContent = S.check;
  byId("form-submit").hidden = false;
  byId("form-clear").hidden = false;
  each(form.querySelectorAll('fieldset[data-kind="repeat"]'), function (repeat) {
    var add = repeat.querySelector(":scope > [data-add]");
    add.hidden = false;
    add.addEventListener("click", function () {
      var item = addItem(repeat), first = item.querySelector("input, select, textarea");
      if (first) { first.focus(); }
      save();
    });
  });
  wire(form);

  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (e) { saved = null; }
  if (change) { startChange(); }
  if (saved) {
    restore(saved);
    byId("form-draft").textContent = S.restored;
  } else if (change) {
    Object.keys(change.data).forEach(function (k) { fill([k], change.data[k]); });
  }

  function stale() {
    if (result) { result = null; byId("form-result").hidden = true; }
  }
  form.addEventListener("change", function (ev) {
    var t = ev.target;
    stale();
    if (t.type === "checkbox" && t.closest('fieldset[data-kind="choices"]')) {
      var name = t.name, list = (order[name] || []).filter(function (v) { return v !== t.value; });
      if (t.checked) { list.push(t.value); }
      order[name] = list;
    }
    save();
    update(null);
  });
  form.addEventListener("input", function () { stale(); save(); update(null); });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    live = true;
    Promise.all(pending).then(function () {
      var state = refresh(true);
      if (state.errors.length) { byId("form-result").hidden = true; return; }
      showResult(state);
    });
  });
  byId("form-clear").addEventListener("click", clearAll);

  byId("form-download").addEventListener("click", function () {
    if (result) { download(new Blob([result.yaml], {type: "application/yaml"}), result.file); }
  });
  byId("form-download-zip").addEventListener("click", function () {
    if (!result) { return; }
    Promise.all(result.files.map(function (f) {
      return f.file.arrayBuffer().then(function (buffer) {
        return {name: result.dir + "/" + result.slug + "/" + f.name, bytes: new Uint8Array(buffer)};
      });
    })).then(function (entries) {
      entries.unshift({name: result.dir + "/" + result.file, bytes: new TextEncoder().encode(result.yaml)});
      download(zip(entries), result.slug + ".zip");
    });
  });
  byId("form-copy").addEventListener("click", function () {
    if (!result) { return; }
    var area = byId("form-result-yaml");
    function fallback() {
      area.focus();
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      say(ok ? S.copied : S.copyFailed);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(result.yaml).then(function () { say(S.copied); }, fallback);
    } else { fallback(); }
  });
})();
