// After an instant navigation (Material keeps one document across pages), the new page's heading
// takes the focus, as a newly loaded page puts the reader at its start, and a screen reader says
// which page this is. Not on the first page, nor when the address names a place in the page
// (Material scrolls there; the calculator puts a linked case's plan in front).
(function () {
  if (!window.document$) return;
  var first = true;
  window.document$.subscribe(function () {
    if (first) {
      first = false;
      return;
    }
    var heading = /** @type {HTMLElement | null} */ (document.querySelector(".md-content h1"));
    if (location.hash || !heading) return;
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  });
})();
