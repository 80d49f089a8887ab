/* Recomputed: show a figure enlarged when its link is followed.
 *
 * Each figure sits in a link to its SVG (a.rc-zoom), which works without this
 * script. With it, the link opens a modal <dialog> instead: Escape, the Close
 * button or a click outside the figure close it, and focus goes back to the
 * link. The dialog holds both renderings with their #only-light / #only-dark
 * addresses, so Material's palette rules pick the right one, even if the reader
 * toggles the palette while it is open. No outside requests.
 *
 * On a phone the dialog shows the wide rendering (the one drawn for the desktop
 * column) at its own size, wider than the screen: the reader scrolls it both
 * ways and pinch-zooms it (recomputed.css), or follows "Open image" to the SVG
 * itself, which the browser shows with its own zoom.
 */
(function () {
  "use strict";

  let dialog = null;
  let opener = null;

  function makeDialog() {
    const d = document.createElement("dialog");
    d.className = "rc-lightbox";
    d.setAttribute("aria-label", "Enlarged figure");
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    close.addEventListener("click", function () { d.close(); });
    const bar = document.createElement("div");
    bar.className = "rc-lightbox__bar";
    bar.append(document.createElement("span"), close);
    d.appendChild(bar);
    const body = document.createElement("div");
    body.className = "rc-lightbox__body";
    body.tabIndex = 0; // it scrolls: the keyboard can scroll it too
    d.appendChild(body);
    d.addEventListener("click", function (event) {
      if (event.target === d) d.close(); // the backdrop
    });
    d.addEventListener("close", function () {
      body.replaceChildren();
      if (opener) opener.focus();
      opener = null;
    });
    document.body.appendChild(d);
    return d;
  }

  function open(link) {
    if (!dialog) dialog = makeDialog();
    const body = dialog.querySelector(".rc-lightbox__body");
    body.replaceChildren();
    for (const img of link.querySelectorAll("img")) {
      const big = document.createElement("img");
      big.src = img.src; // keeps #only-light / #only-dark
      big.alt = img.alt;
      body.appendChild(big);
    }
    const figure = link.closest("figure");
    const title = figure && figure.querySelector("figcaption strong");
    const direct = document.createElement("a");
    direct.className = "rc-lightbox__open";
    direct.href = link.href;
    direct.textContent = "Open image";
    dialog.querySelector(".rc-lightbox__bar").firstChild.replaceChildren(direct);
    if (title) {
      const caption = document.createElement("p");
      caption.textContent = title.textContent;
      body.appendChild(caption);
      dialog.setAttribute("aria-label", title.textContent);
    }
    opener = link;
    dialog.showModal();
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a.rc-zoom");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
        event.altKey || typeof HTMLDialogElement !== "function") {
      return; // other buttons and modifier keys keep their usual meaning (new tab...)
    }
    event.preventDefault();
    open(link);
  });
})();
