/* Area maps of the kansen platform: polygons only, no base tiles (the platform runs offline).
 *
 * #area-map[data-src]   fetches a GeoJSON FeatureCollection whose features carry
 *                       properties name, code, url, value, status and fill; hover shows the
 *                       figure, a click opens the area profile.
 * #area-map + script#area-feature   draws one area (the profile page).
 *
 * Names, codes and units come from imported files: they reach the page as text only
 * (textContent), never as HTML, so a name such as "<img onerror=...>" shows as it is written.
 */
(function () {
  "use strict";
  var el = document.getElementById("area-map");
  if (!el || typeof L === "undefined") { return; }

  var map = L.map(el, { zoomSnap: 0.25, attributionControl: false, preferCanvas: false });
  var numberFormat = new Intl.NumberFormat(document.documentElement.lang || "nl", { maximumFractionDigits: 2 });

  function label(props) {
    var text = props.name + " (" + props.code + ")";
    if (props.reason) { return text + ": " + props.reason; }
    if (props.value !== undefined && props.value !== null) {
      return text + ": " + numberFormat.format(props.value) + (el.dataset.unit ? " " + el.dataset.unit : "");
    }
    return text;
  }

  // Leaflet puts a string tooltip in as HTML; an element keeps the text as text.
  function textNode(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  // Only the platform's own pages: a path on this site, never a javascript: or other address.
  function sitePath(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" ? url : null;
  }

  function style(feature) {
    var p = feature.properties;
    var noValue = p.value === null && p.status !== undefined;
    return {
      color: "#3f3f46",
      weight: 1,
      fillColor: p.fill || "#c4b5fd",
      fillOpacity: p.fill ? 0.85 : 0.4,
      dashArray: noValue ? "4 3" : null
    };
  }

  function facilityMarker(feature, latlng) {
    var havoVwo = feature.properties.havo_vwo;
    return L.circleMarker(latlng, {
      radius: havoVwo ? 7 : 5,
      color: "#111827",
      weight: 2,
      fillColor: havoVwo ? "#f59e0b" : "#ffffff",
      fillOpacity: 1,
      className: "facility-marker"
    });
  }

  // Past this many areas (a country's buurten) the map is drawn on one canvas instead of an
  // SVG path per area: 14,000 paths took 33 s and 585,000 DOM nodes (ADR 0030). Hover, the
  // tooltip and the click work the same; small maps keep SVG.
  var CANVAS_FROM = 1000;

  function textNodeForTooltip(featureLayer) {
    var p = featureLayer.feature.properties;
    return textNode(p.kind === "facility" ? p.name + " (" + p.levels + ")" : label(p));
  }

  function draw(collection, interactive) {
    var canvas = collection.features.length > CANVAS_FROM;
    el.dataset.renderer = canvas ? "canvas" : "svg";
    var layer = L.geoJSON(collection, {
      renderer: canvas ? L.canvas({ padding: 0.1, tolerance: 2 }) : undefined,
      style: function (feature) {
        return feature.properties.kind === "facility" ? {} : Object.assign(style(feature), { className: "area-shape" });
      },
      pointToLayer: facilityMarker,
      interactive: interactive
    });
    if (interactive) {
      // One tooltip and one handler of each kind for the whole layer, not one per area: the
      // areas' events reach their layer, which knows which area it was (e.layer). 14,000
      // tooltips and 42,000 handlers were a good part of drawing the country's buurten.
      layer.bindTooltip(textNodeForTooltip, { sticky: true });
      layer.on("mouseover", function (e) {
        if (e.layer.feature.properties.kind !== "facility") { e.layer.setStyle({ weight: 3 }); }
      });
      layer.on("mouseout", function (e) {
        if (e.layer.feature.properties.kind !== "facility") { e.layer.setStyle(style(e.layer.feature)); }
      });
      layer.on("click", function (e) {
        var url = e.layer.feature.properties.kind === "facility" ? null : sitePath(e.layer.feature.properties.url);
        if (url) { window.location.href = url; }
      });
    }
    layer.addTo(map);
    if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }); }
    var areas = layer.getLayers().filter(function (l) {
      return !(l.feature && l.feature.properties.kind === "facility");
    });
    el.dataset.features = String(areas.length);
    if (interactive && el.dataset.outlines && areas.length > SIMPLIFY_FROM) {
      finerWhenZoomed(areas, layer.getBounds());
    }
    el.classList.add("area-map--ready");
  }

  // A map of more than SIMPLIFY_FROM areas comes with outlines simplified to one pixel of its
  // whole extent drawn 2,000 pixels wide: the coarsest stored detail that fits (outlines.py).
  // Zoomed in, those show their corners, so the map fetches the finer stored outlines of what
  // it shows, in tiles that every visitor shares, and draws them instead (ADR 0033).
  var SIMPLIFY_FROM = 300;
  var MAP_PIXELS = 2000;
  // detail, tolerance in degrees, tile size in degrees (areas/outlines.py: DETAIL, TILE_DEGREES)
  var DETAILS = [["country", 0.0015, 0], ["province", 0.0004, 0.5], ["municipality", 0.0001, 0.125]];
  var MAX_TILES = 24;

  function finerWhenZoomed(areas, bounds) {
    var byCode = {};
    var drawn = {};  // code -> tolerance of the outline drawn
    var extent = Math.max(bounds.getEast() - bounds.getWest(), bounds.getNorth() - bounds.getSouth()) / MAP_PIXELS;
    var base = extent;
    for (var i = 0; i < DETAILS.length; i++) {
      if (DETAILS[i][1] <= extent) { base = DETAILS[i][1]; break; }
    }
    areas.forEach(function (l) { byCode[l.feature.properties.code] = l; drawn[l.feature.properties.code] = base; });
    var asked = {};
    var pending = 0;
    var finer = 0;  // outlines drawn finer than the map came with (data-finer: the tests)

    function apply(detail, collection) {
      collection.features.forEach(function (f) {
        var shape = byCode[f.properties.code];
        if (!shape || !f.geometry || drawn[f.properties.code] <= detail[1]) { return; }
        var depth = f.geometry.type === "MultiPolygon" ? 2 : 1;
        shape.setLatLngs(L.GeoJSON.coordsToLatLngs(f.geometry.coordinates, depth));
        drawn[f.properties.code] = detail[1];
        finer += 1;
      });
      el.dataset.finer = String(finer);
    }

    function update() {
      var view = map.getBounds();
      var pixel = (view.getEast() - view.getWest()) / Math.max(1, map.getSize().x);
      // the coarsest detail that is one pixel or less here (the finest when none is)
      var detail = DETAILS[DETAILS.length - 1];
      for (var i = 0; i < DETAILS.length; i++) {
        if (DETAILS[i][1] <= pixel) { detail = DETAILS[i]; break; }
      }
      var size = detail[2];
      var x0 = Math.floor(view.getWest() / size), x1 = Math.floor(view.getEast() / size);
      var y0 = Math.floor(view.getSouth() / size), y1 = Math.floor(view.getNorth() / size);
      if (detail[1] >= base || (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_TILES) {
        if (!pending) { el.dataset.detail = "base"; }
        return;
      }
      for (var x = x0; x <= x1; x++) {
        for (var y = y0; y <= y1; y++) {
          var key = detail[0] + ":" + x + "," + y;
          if (asked[key]) { continue; }
          asked[key] = true;
          pending += 1;
          delete el.dataset.detail;
          fetch(el.dataset.outlines + "&detail=" + detail[0] + "&tile=" + x + "," + y,
                { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
            .then(function (response) { return response.ok ? response.json() : { features: [] }; })
            .then(apply.bind(null, detail))
            .catch(function () { return null; })
            .then(function () {
              pending -= 1;
              if (!pending) { el.dataset.detail = detail[0]; }
            });
        }
      }
      if (!pending) { el.dataset.detail = detail[0]; }
    }

    map.on("moveend", update);
    update();
  }

  var inline = document.getElementById("area-feature");
  var data = document.getElementById("map-data");
  if (inline) {
    draw(JSON.parse(inline.textContent), false);
  } else if (data) {
    draw(JSON.parse(data.textContent), true);
  } else if (el.dataset.src) {
    fetch(el.dataset.src, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { draw(data, true); });
  }
})();
