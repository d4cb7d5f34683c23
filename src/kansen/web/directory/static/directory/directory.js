/* The public directory: focus on the list of errors, and the map of the offers.
 *
 * The page is complete without this script: every offer and its addresses are in the list.
 * The map is an enhancement: its section stays hidden until Leaflet has drawn it. The
 * platform serves no map tiles (it runs without internet), so the outlines of the buurten
 * (#directory-map[data-areas]) give the markers their place. Markers are Leaflet's keyboard-
 * focusable markers; Enter opens a popup with a link to the offer. The outlines name their
 * buurt on hover; the map of one location shows its buurt, named.
 *
 * With htmx (ADR 0018) a new search replaces #directory-page without a page load: the old map
 * is removed, the new one drawn, #directory-status (a live region that stays on the page) says
 * how many offers were found, and after a submitted search with errors their list gets focus.
 */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  var current = null;  // the Leaflet map on the page, removed before htmx replaces its element

  function drawMap() {
    var el = document.getElementById("directory-map");
    var data = document.getElementById("directory-map-data");
    if (!el || !data || typeof L === "undefined") { return; }
    var features = JSON.parse(data.textContent);
    if (!features.length) { return; }

    var section = el.closest("[data-map-section]");
    if (section) { section.hidden = false; }
    // Leaflet positions its panes with left/top: keep the map itself left to right; the popups
    // carry the direction of their text.
    el.setAttribute("dir", "ltr");
    var map = L.map(el, { attributionControl: false, scrollWheelZoom: false });
    current = map;

    function element(tag, text, attrs) {
      var node = document.createElement(tag);
      if (text) { node.textContent = text; }
      Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
      return node;
    }

    var markers = features.map(function (f) {
      var popup = element("div", "", { "class": "directory-popup" });
      var link = element("a", f.title, { href: f.url, lang: f.lang, dir: f.dir, "class": "utrecht-link" });
      popup.appendChild(link);
      if (f.place) { popup.appendChild(element("div", f.place)); }
      if (f.address) { popup.appendChild(element("div", f.address)); }
      var label = f.title + (f.place ? ", " + f.place : "");
      return L.marker([f.lat, f.lon], { alt: label, title: label, keyboard: true }).bindPopup(popup);
    });
    var group = L.featureGroup(markers).addTo(map);
    // One location: its neighbourhood around it once the outlines are in (below); until then a
    // street-level view that still shows some surroundings. Several: all of them.
    if (markers.length === 1) {
      map.setView(markers[0].getLatLng(), 14);
    } else {
      map.fitBounds(group.getBounds(), { padding: [30, 30], maxZoom: 15 });
    }
    el.dataset.markers = String(markers.length);

    // The name of an area: on hover and focus of its outline (sticky tooltip), and always for the
    // neighbourhood of a single location. Text only (textContent), never HTML.
    function nameLabel(name) {
      return element("span", name, { "class": "directory-map__area-name", lang: "nl" });
    }

    function containing(layer, latlng) {
      // a point in a polygon (ray casting over the outer rings): which buurt holds the location
      var inside = false;
      var rings = layer.getLatLngs();
      while (rings.length && Array.isArray(rings[0]) && Array.isArray(rings[0][0])) {
        rings = rings[0];
      }
      (Array.isArray(rings[0]) ? rings : [rings]).forEach(function (ring) {
        for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          var a = ring[i], b = ring[j];
          if (((a.lat > latlng.lat) !== (b.lat > latlng.lat)) &&
              (latlng.lng < (b.lng - a.lng) * (latlng.lat - a.lat) / (b.lat - a.lat) + a.lng)) {
            inside = !inside;
          }
        }
      });
      return inside;
    }

    if (el.dataset.areas && window.fetch) {
      fetch(el.dataset.areas, { headers: { Accept: "application/geo+json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (collection) {
          if (!collection || !collection.features.length) { return; }
          var names = [];
          var outlines = L.geoJSON(collection, {
            style: { color: "#71717a", weight: 1, fillColor: "#e4e4e7", fillOpacity: 0.5 },
            onEachFeature: function (feature, layer) {
              var name = feature.properties && feature.properties.name;
              if (!name) { return; }
              layer.bindTooltip(nameLabel(name), { sticky: true, direction: "top" });
              names.push(name);
            }
          }).addTo(map);
          outlines.bringToBack();
          el.dataset.areaNames = String(names.length);
          if (markers.length === 1) {
            var point = markers[0].getLatLng();
            outlines.eachLayer(function (layer) {
              if (!containing(layer, point)) { return; }
              map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 16 });
              layer.unbindTooltip();
              layer.bindTooltip(nameLabel(layer.feature.properties.name), {
                permanent: true, direction: "center", className: "directory-map__label"
              }).openTooltip();
              el.dataset.area = layer.feature.properties.name;
            });
          }
        })
        .catch(function () { /* the markers alone still show where the offers are */ });
    }
    el.classList.add("directory-map--ready");
  }

  drawMap();

  // Where the reader was: replacing the whole page part lets the browser's scroll anchoring
  // jump to the bottom when fewer results come back (measured: from 1,001 to 8,521 px at 390 px
  // wide after ticking one facet), so the position is put back after the swap.
  var scrolled = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "directory-page") {
      scrolled = window.scrollY;
      if (current) {
        current.remove();
        current = null;
      }
    }
  });

  document.addEventListener("htmx:afterSwap", function () {
    if (scrolled !== null && document.getElementById("directory-page")) {
      window.scrollTo(0, scrolled);
    }
    scrolled = null;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!document.getElementById("directory-page")) { return; }
    drawMap();
    var status = document.getElementById("directory-status");
    var count = document.getElementById("result-count");
    var empty = document.querySelector(".directory-empty h3");
    if (status) {
      status.textContent = (count && count.textContent.trim()) || (empty && empty.textContent) || "";
    }
    var config = event.detail.requestConfig;
    var submitted = config && config.triggeringEvent && config.triggeringEvent.type === "submit";
    var errors = document.getElementById("error-summary");
    if (errors && submitted) { errors.focus(); }
  });
})();
