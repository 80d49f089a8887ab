/* Recomputed: read a figure's exact values by mouse, touch or keyboard.
 *
 * Each figure is a matplotlib SVG in an <img>; beside it the build writes
 * NAME.points.json (recomputed.engine.drawn): every point drawn, with its series,
 * its x and y formatted like the site's numbers, and where it lies in each
 * rendering (wide and narrow), in the SVG's own units. This script maps the
 * pointer to the nearest point and shows it in a tooltip:
 *
 * - mouse and pen: hover; a click still enlarges the figure (recomputed.js);
 * - touch: a tap shows the nearest value (the "Enlarge" button enlarges);
 * - keyboard: focus the figure, then arrow keys: Left/Right step along a
 *   series, Up/Down move to the next series; Escape hides the value. What is
 *   shown is also announced (a live region).
 *
 * Why our own script rather than uPlot (or another charting library): uPlot
 * would draw every chart a second time, in canvas, from the CSV, and that
 * drawing would have to be kept in step with the SVG we publish and test. Here
 * the figure stays the one SVG, the static fallback without JavaScript, and
 * the values come from the very artists matplotlib drew; all that is left to
 * do is a nearest-point search, which takes a few KB and no dependency.
 * No outside requests: the JSON sits beside the SVG.
 */
(function () {
  "use strict";

  const loaded = new Map(); // points.json address -> Promise of its content
  const NEAR_PX = 48; // a pointer farther than this (CSS px) from every point shows nothing

  function shownImage(link) {
    for (const img of link.querySelectorAll("img")) {
      if (img.offsetWidth > 0 && img.currentSrc) return img;
    }
    return null;
  }

  function pointsAddress(img) {
    return img.currentSrc.split("#")[0].replace(/(\.narrow)?(\.dark)?\.svg$/, ".points.json");
  }

  function load(img) {
    const url = pointsAddress(img);
    if (!loaded.has(url)) {
      loaded.set(url, fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + url);
        return r.json();
      }).then(flatten).catch(function () { return null; }));
    }
    return loaded.get(url);
  }

  // Points as a list: {s: series index, i: index in series, at: {wide: [x, y], narrow: ...}}.
  function flatten(doc) {
    const points = [];
    doc.series.forEach(function (s, si) {
      s.x.forEach(function (_, i) { points.push({ s: si, i: i, at: {} }); });
    });
    for (const name in doc.layouts) {
      const xy = doc.layouts[name].xy;
      points.forEach(function (p, k) { p.at[name] = [xy[2 * k], xy[2 * k + 1]]; });
    }
    return { doc: doc, points: points };
  }

  function geometry(img, data) {
    const name = /\.narrow(\.dark)?\.svg/.test(img.currentSrc) ? "narrow" : "wide";
    const layout = data.doc.layouts[name];
    const box = img.getBoundingClientRect();
    return { name: name, box: box, sx: box.width / layout.width, sy: box.height / layout.height };
  }

  function screenOf(p, g) {
    const at = p.at[g.name];
    return [g.box.left + at[0] * g.sx, g.box.top + at[1] * g.sy];
  }

  function nearest(data, g, cx, cy) {
    let best = null, bestD = Infinity;
    for (const p of data.points) {
      const xy = screenOf(p, g);
      const d = Math.hypot(xy[0] - cx, xy[1] - cy);
      if (d < bestD) { best = p; bestD = d; }
    }
    return bestD <= NEAR_PX ? best : null;
  }

  function describe(data, p) {
    const s = data.doc.series[p.s];
    const head = [s.name, s.panel].filter(Boolean).join(" · ");
    // An axis of named categories has no name of its own: show just the category.
    const named = function (name, value) { return name ? name + ": " + value : value; };
    return [head, named(s.xname, s.x[p.i]), named(s.yname, s.y[p.i])].filter(Boolean);
  }

  // -- the tooltip, its marker and the live region, one set per figure ------------------

  function parts(figure) {
    let tip = figure.querySelector(":scope > .rc-tip");
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "rc-tip";
      tip.hidden = true;
      const dot = document.createElement("div");
      dot.className = "rc-tip-dot";
      dot.hidden = true;
      const live = document.createElement("div");
      live.className = "rc-tip-live";
      live.setAttribute("role", "status");
      figure.append(tip, dot, live);
    }
    return { tip: tip, dot: figure.querySelector(":scope > .rc-tip-dot"),
             live: figure.querySelector(":scope > .rc-tip-live") };
  }

  function show(link, data, p, announce) {
    const img = shownImage(link);
    const figure = link.closest("figure");
    if (!img || !figure) return;
    const g = geometry(img, data);
    const f = figure.getBoundingClientRect();
    const xy = screenOf(p, g);
    const x = xy[0] - f.left, y = xy[1] - f.top;
    const ui = parts(figure);
    const lines = describe(data, p);
    ui.tip.replaceChildren();
    lines.forEach(function (text, k) {
      const line = document.createElement(k === 0 ? "strong" : "span");
      line.textContent = text;
      ui.tip.appendChild(line);
    });
    ui.tip.hidden = false;
    ui.dot.hidden = false;
    ui.dot.style.left = x + "px";
    ui.dot.style.top = y + "px";
    // Above the point if there is room, else below; never past the figure's sides.
    const w = ui.tip.offsetWidth, h = ui.tip.offsetHeight;
    const left = Math.max(0, Math.min(x - w / 2, f.width - w));
    const top = y - h - 12 >= 0 ? y - h - 12 : y + 12;
    ui.tip.style.left = left + "px";
    ui.tip.style.top = top + "px";
    link.dataset.rcPoint = data.points.indexOf(p);
    if (announce) ui.live.textContent = lines.join(", ");
  }

  function hide(link) {
    const figure = link.closest("figure");
    const ui = figure && figure.querySelector(":scope > .rc-tip") && parts(figure);
    if (ui) { ui.tip.hidden = true; ui.dot.hidden = true; }
  }

  function atPointer(link, event) {
    const img = shownImage(link);
    if (!img) return;
    load(img).then(function (data) {
      if (!data) return;
      const p = nearest(data, geometry(img, data), event.clientX, event.clientY);
      if (p) show(link, data, p, false); else hide(link);
    });
  }

  // -- keyboard: step through the points -------------------------------------------------

  function step(data, g, current, key) {
    const pts = data.points;
    if (current === null) return pts[0];
    const here = screenOf(current, g);
    if (key === "ArrowLeft" || key === "ArrowRight") {
      const same = pts.filter(function (p) { return p.s === current.s; })
        .sort(function (a, b) { return screenOf(a, g)[0] - screenOf(b, g)[0]; });
      const k = same.indexOf(current) + (key === "ArrowRight" ? 1 : -1);
      return same[Math.max(0, Math.min(k, same.length - 1))];
    }
    const count = data.doc.series.length;
    const next = (current.s + (key === "ArrowDown" ? 1 : count - 1)) % count;
    let best = current, bestD = Infinity;
    for (const p of pts) {
      if (p.s !== next) continue;
      const d = Math.abs(screenOf(p, g)[0] - here[0]);
      if (d < bestD) { best = p; bestD = d; }
    }
    return best;
  }

  const KEYS = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"];

  document.addEventListener("keydown", function (event) {
    const link = event.target.closest && event.target.closest("a.rc-zoom");
    if (!link) return;
    if (event.key === "Escape") { hide(link); return; }
    if (!KEYS.includes(event.key) || event.altKey || event.ctrlKey || event.metaKey) return;
    const img = shownImage(link);
    if (!img) return;
    event.preventDefault(); // the arrows move between points, not the page
    load(img).then(function (data) {
      if (!data || !data.points.length) return;
      const k = link.dataset.rcPoint;
      const current = k === undefined ? null : data.points[Number(k)];
      show(link, data, step(data, geometry(img, data), current, event.key), true);
    });
  });

  document.addEventListener("pointermove", function (event) {
    if (event.pointerType === "touch") return;
    const link = event.target.closest && event.target.closest("a.rc-zoom");
    if (link) atPointer(link, event);
  });

  document.addEventListener("pointerout", function (event) {
    const link = event.target.closest && event.target.closest("a.rc-zoom");
    if (link && !link.contains(event.relatedTarget)) hide(link);
  });

  // A tap reads a value; the click that follows it must not also enlarge the figure.
  let tapped = null;
  document.addEventListener("pointerdown", function (event) {
    tapped = null;
    if (event.pointerType !== "touch") return;
    const link = event.target.closest && event.target.closest("a.rc-zoom");
    if (!link) return;
    tapped = link;
    atPointer(link, event);
  });
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a.rc-zoom");
    if (link && link === tapped) {
      event.preventDefault();
      event.stopImmediatePropagation(); // recomputed.js would open the dialog
    }
    tapped = null;
  }, true);

  // Say how, once per figure link, and give touch readers a way to enlarge.
  let made = 0;
  function prepare() {
    for (const link of document.querySelectorAll("figure.rc-figure a.rc-zoom")) {
      if (link.dataset.rcValues) continue;
      link.dataset.rcValues = "1";
      const figure = link.closest("figure");
      const hint = document.createElement("span");
      hint.className = "rc-tip-hint";
      hint.id = "rc-values-hint-" + (made += 1);
      hint.textContent = "Arrow keys read the values of the points; Enter shows the figure larger.";
      figure.appendChild(hint);
      link.setAttribute("aria-describedby", hint.id);
      const button = document.createElement("button");
      button.type = "button";
      button.className = "rc-enlarge";
      button.textContent = "Enlarge";
      button.addEventListener("click", function () { link.click(); });
      link.after(button);
    }
  }
  if (typeof document$ !== "undefined") document$.subscribe(prepare); // Material's instant pages
  else document.addEventListener("DOMContentLoaded", prepare);
})();
