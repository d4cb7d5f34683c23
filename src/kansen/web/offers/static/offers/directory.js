/* The public directory: focus on the list of errors, and the map of the offers.
 *
 * The page is complete without this script: every offer and its addresses are in the list.
 * The map is an enhancement: its section stays hidden until Leaflet has drawn it. The
 * platform serves no map tiles (it runs without internet), so the outlines of the buurten
 * (#directory-map[data-areas]) give the markers their place. Markers are Leaflet's keyboard-
 * focusable markers; Enter opens a popup with a link to the offer.
 */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

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
  if (markers.length === 1) {
    map.setView(markers[0].getLatLng(), 15);
  } else {
    map.fitBounds(group.getBounds(), { padding: [30, 30], maxZoom: 16 });
  }
  el.dataset.markers = String(markers.length);

  if (el.dataset.areas && window.fetch) {
    fetch(el.dataset.areas, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (collection) {
        if (!collection || !collection.features.length) { return; }
        var outlines = L.geoJSON(collection, {
          interactive: false,
          style: { color: "#71717a", weight: 1, fillColor: "#e4e4e7", fillOpacity: 0.5 }
        }).addTo(map);
        outlines.bringToBack();
      })
      .catch(function () { /* the markers alone still show where the offers are */ });
  }
  el.classList.add("directory-map--ready");
})();
