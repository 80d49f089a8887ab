// Recomputed: accessibility touches that Material's markup lacks.
// tests/test_browser.py checks every page with axe-core, which asks for both.
(function () {
  // A region that scrolls sideways must be reachable with the keyboard (WCAG 2.1.1).
  // Material does this for code blocks; wide tables and long equations get the same,
  // but only while they overflow, so a wide screen gets no extra tab stops.
  // Wide tables also show that they scroll: the edge that hides columns fades out
  // (recomputed.css), until the reader has scrolled to it.
  function markEdges(el) {
    var more = el.scrollWidth - el.clientWidth - el.scrollLeft > 1;
    el.classList.toggle("rc-more-right", more);
    el.classList.toggle("rc-more-left", el.scrollLeft > 1);
  }

  function markScrollable() {
    document.querySelectorAll(".md-typeset__scrollwrap, .rc-math").forEach(function (el) {
      if (!el.dataset.rcEdges) {
        el.dataset.rcEdges = "1";
        el.addEventListener("scroll", function () { markEdges(el); }, { passive: true });
      }
      markEdges(el);
      if (el.scrollWidth > el.clientWidth) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", el.classList.contains("rc-math")
          ? "Equation (scrolls sideways)" : "Table (scrolls sideways)");
      } else if (el.hasAttribute("tabindex")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("role");
        el.removeAttribute("aria-label");
      }
    });
  }

  // Computed values and abbreviations explain themselves in a title, which only a mouse
  // shows. Make both reachable with Tab, show the explanation on focus (CSS reads
  // data-tip), and give screen readers the same text as a description.
  // Material's own tooltips (feature content.tooltips) already show on focus: then the
  // CSS one stays off (the rc-md-tooltips class), so a reader never sees two at once.
  function explainOnFocus() {
    var config = document.getElementById("__config");
    var features = config ? JSON.parse(config.textContent).features || [] : [];
    document.documentElement.classList.toggle(
      "rc-md-tooltips", features.indexOf("content.tooltips") >= 0);
    document.querySelectorAll(".md-typeset .rc-value[title], .md-typeset abbr[title]")
      .forEach(function (el) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-tip", el.title);
        el.setAttribute("aria-description", el.title);
      });
  }

  document$.subscribe(function () {
    explainOnFocus();
    // Material's search panel is a dialog without a name (axe rule aria-dialog-name).
    var search = document.querySelector(".md-search[role=dialog]");
    if (search) search.setAttribute("aria-label", "Search");
    // Runs once laid out (after Material has wrapped the tables) and on every resize.
    new ResizeObserver(markScrollable).observe(document.querySelector(".md-container"));
  });
})();
