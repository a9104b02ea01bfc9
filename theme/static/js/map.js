/* Vitrines map: progressive enhancement. Every page works without this file: the map page lists
   its shops by town, and listings list theirs. Nothing is fetched for a map (no Leaflet file, no
   data, no tile) until the shopper opens one; then this loads Leaflet and its marker clustering
   (theme/static/vendor/), the map data (data/map.json, see plugins/vitrines/maps.py) and the
   tiles of VITRINES_MAP_TILES. Settings and text come from this script element's
   data-map-config (theme/templates/_map.html).

   For other scripts (the search page): window.VitrinesMap.show(element, ids) opens a map in
   `element` (made by the view() macro of _map.html) showing the shops whose id (the last part of
   the shop page's address) is in `ids`, or all of them when `ids` is null; calling it again
   shows other shops in the same map. It returns a Promise of the view, whose count() is the
   number of shops on it. VitrinesMap.hide(element) hides it again. */
(function () {
  "use strict";
  var script = document.querySelector("script[data-map-config]");
  if (!script || !window.fetch || !window.Promise) { return; }
  var config = JSON.parse(script.getAttribute("data-map-config"));
  var S = config.strings;
  var still = !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  var views = [];

  // --- loading, once per address ----------------------------------------------------------
  var loads = {};

  function load(url, tag) {
    if (!loads[url]) {
      loads[url] = new Promise(function (resolve, reject) {
        var el = document.createElement(tag);
        if (tag === "link") { el.rel = "stylesheet"; el.href = url; } else { el.async = false; el.src = url; }
        el.onload = resolve;
        el.onerror = function () { delete loads[url]; el.remove(); reject(new Error("could not load " + url)); };
        document.head.appendChild(el);
      });
    }
    return loads[url];
  }

  function leaflet() {  // scripts run in order (async = false): the clustering needs L
    return Promise.all(config.styles.map(function (u) { return load(u, "link"); })
      .concat(config.scripts.map(function (u) { return load(u, "script"); })));
  }

  function dataset(url) {
    if (!loads[url]) {
      loads[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
        return r.json();
      });
      loads[url].catch(function () { delete loads[url]; });
    }
    return loads[url];
  }

  // --- which shops: a listing's filter ("town:mons", "category:bakery", "service:delivery"), ids
  var LISTS = { town: "towns", category: "categories", service: "services" };

  function select(data, filter, ids) {
    var colon = filter.indexOf(":"), kind = colon > 0 ? filter.slice(0, colon) : "";
    var index = kind ? data[LISTS[kind]].indexOf(filter.slice(colon + 1)) : -1;
    var wanted = ids ? new Set(ids) : null;
    return data.shops.filter(function (s) {
      if (wanted && !wanted.has(s[0])) { return false; }
      if (kind === "town") { return s[4] === index; }
      if (kind === "category") { return s[5].indexOf(index) >= 0; }
      if (kind === "service") { return (s[6] || []).indexOf(index) >= 0; }
      return true;
    });
  }

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML.replace(/"/g, "&quot;");
  }

  // --- one map on the page ------------------------------------------------------------------
  function View(element) {
    this.element = element;
    this.canvas = element.querySelector(".map-canvas");
    this.status = element.querySelector(".map-status");
    this.url = element.getAttribute("data-map-data");
    this.filter = element.getAttribute("data-map-filter") || "";
    this.map = this.cluster = this.data = null;
    this.markers = {};
    this.ready = null;
    this.generation = this.shown = 0;
    element.vitrinesMap = this;
    views.push(this);
  }

  View.prototype.say = function (text) {
    if (this.status) { this.status.textContent = text; }
  };

  View.prototype.count = function () {  // shops on the map
    return this.shown;
  };

  View.prototype.show = function (ids) {
    var view = this;
    this.wanted = true;
    this.say(S.loading);
    this.ready = Promise.all([dataset(this.url), leaflet()]).then(function (loaded) {
      return view.wanted ? view.draw(loaded[0], ids || null) : view;
    }, function (error) {
      view.canvas.hidden = true;
      view.say(S.error);
      if (window.console) { console.error(error); }
      return view;
    });
    return this.ready;
  };

  View.prototype.hide = function () {
    this.wanted = false;
    this.canvas.hidden = true;
    this.say("");
  };

  View.prototype.create = function () {
    var L = window.L, view = this;
    var map = this.map = L.map(this.canvas, {
      maxZoom: config.maxZoom, zoomControl: false, zoomAnimation: !still, fadeAnimation: !still,
      markerZoomAnimation: !still
    });
    L.control.zoom({ zoomInTitle: S.zoomIn, zoomOutTitle: S.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    L.tileLayer(config.tiles, {
      maxZoom: config.maxZoom,
      attribution: config.attributionUrl ?
        '<a href="' + escape(config.attributionUrl) + '">' + escape(config.attribution) + "</a>" :
        escape(config.attribution)
    }).addTo(map);
    this.icon = L.icon({
      iconUrl: config.icon.url, iconRetinaUrl: config.icon.retina, shadowUrl: config.icon.shadow,
      iconSize: [25, 41], iconAnchor: [12, 41], popupAnchor: [1, -34], shadowSize: [41, 41]
    });
    this.cluster = L.markerClusterGroup({
      chunkedLoading: true, chunkInterval: 50, chunkDelay: 20, animate: !still, showCoverageOnHover: false,
      chunkProgress: function (done, total) {
        if (done === total && view.drawn) { view.drawn(); }
      }
    }).addTo(map);
    // one popup for every marker, made when it opens: a link to the shop's page
    this.cluster.bindPopup(function (marker) { return view.popup(marker.row); });
    map.on("popupopen", function (e) {
      var box = e.popup.getElement(), close = box.querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", S.close); close.title = S.close; }
      var active = document.activeElement;
      if (active && active.classList.contains("leaflet-marker-icon")) {  // opened from the keyboard
        view.opener = active;
        box.querySelector(".map-popup a").focus();
      }
    });
    map.on("popupclose", function (e) {  // focus goes back to the marker, not to the page's top
      var box = e.popup.getElement();
      if (view.opener && box && box.contains(document.activeElement) && document.contains(view.opener)) {
        view.opener.focus();
      }
      view.opener = null;
    });
    // Escape closes the popup from inside it too (Leaflet listens only while the map has the focus)
    this.canvas.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && map.hasLayer(view.cluster.getPopup())) { map.closePopup(); }
    });
  };

  View.prototype.popup = function (row) {
    var box = document.createElement("div"), name = document.createElement("p"), a = document.createElement("a");
    box.className = "map-popup";
    a.href = config.shopBase + row[0] + "/";
    a.textContent = row[1];
    name.className = "map-popup-name";
    name.appendChild(a);
    box.appendChild(name);
    var labels = this.data.labels[config.lang] || [];
    var what = row[5].map(function (i) { return labels[i]; }).filter(Boolean);
    if (what.length) {
      var p = document.createElement("p");
      p.textContent = what.join(" · ");
      box.appendChild(p);
    }
    return box;
  };

  View.prototype.marker = function (row) {
    var m = this.markers[row[0]];
    if (!m) {
      // keyboard: the marker is a button (Tab, Enter opens its popup) named after the shop
      m = this.markers[row[0]] = window.L.marker([row[2], row[3]], {
        icon: this.icon, alt: row[1], title: row[1], keyboard: true, riseOnHover: true
      });
      m.row = row;
    }
    return m;
  };

  View.prototype.sayCount = function () {
    var n = this.shown;
    this.say(n === 1 ? S.one : S.many.replace("{n}", n.toLocaleString(config.lang)));
  };

  View.prototype.draw = function (data, ids) {
    var view = this, key = ids ? ids.join("\n") : "";
    if (this.map && this.drawnKey === key) {  // the same shops again: only show it
      this.canvas.hidden = false;
      this.map.invalidateSize();
      this.sayCount();
      return this;
    }
    var rows = select(data, this.filter, ids), generation = ++this.generation;
    this.data = data;
    this.drawnKey = null;
    if (!rows.length) {
      this.canvas.hidden = true;
      this.say(S.none);
      this.shown = 0;
      if (this.cluster) { this.cluster.clearLayers(); }
      return this;
    }
    this.canvas.hidden = false;
    if (!this.map) { this.create(); } else { this.map.invalidateSize(); }
    var south = 90, west = 180, north = -90, east = -180;
    rows.forEach(function (r) {
      south = Math.min(south, r[2]); north = Math.max(north, r[2]);
      west = Math.min(west, r[3]); east = Math.max(east, r[3]);
    });
    this.map.fitBounds([[south, west], [north, east]],
      { padding: [24, 24], maxZoom: Math.min(16, config.maxZoom), animate: false });
    return new Promise(function (resolve) {
      // markers are made a slice at a time, and the clustering places them a slice at a time
      // (chunkedLoading): tens of thousands of shops never hold a phone's main thread for long
      var markers = [], i = 0;
      function slice() {
        if (generation !== view.generation) { return resolve(view); }  // shown again meanwhile
        var until = performance.now() + 40;
        while (i < rows.length) {
          markers.push(view.marker(rows[i++]));
          if (i % 500 === 0 && performance.now() > until) { return setTimeout(slice, 0); }
        }
        view.drawn = function () {
          view.drawn = null;
          view.shown = markers.length;
          view.drawnKey = key;
          if (view.wanted) { view.sayCount(); }
          resolve(view);
        };
        view.cluster.clearLayers();
        view.cluster.addLayers(markers, true);
      }
      slice();
    });
  };

  function viewOf(element) {
    return element.vitrinesMap || new View(element);
  }

  window.VitrinesMap = {
    views: views,
    show: function (element, ids) { return viewOf(element).show(ids); },
    hide: function (element) { viewOf(element).hide(); }
  };

  // --- the page's own map: map.html's button, listing.html's "List / Map" switch --------------
  var element = document.querySelector(".map-view[data-map-data]");
  var controls = document.querySelector("[data-map-controls]");
  if (!element || !controls) { return; }
  var view = viewOf(element);
  var toggle = controls.querySelector("[data-map-toggle]");
  var list = document.querySelector("[data-map-list]");
  controls.hidden = false;
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? S.hide : S.show;
      if (open) { view.show(null); } else { view.hide(); }
    });
  }
  Array.prototype.forEach.call(controls.querySelectorAll("[data-map-switch]"), function (button) {
    button.addEventListener("click", function () {
      var onMap = button.getAttribute("data-map-switch") === "map";
      if ((button.getAttribute("aria-pressed") === "true")) { return; }
      Array.prototype.forEach.call(controls.querySelectorAll("[data-map-switch]"), function (b) {
        b.setAttribute("aria-pressed", String(b === button));
      });
      if (list) { list.hidden = onMap; }
      if (onMap) { view.show(null); } else { view.hide(); }
    });
  });
})();
