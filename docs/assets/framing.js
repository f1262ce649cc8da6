// A page shown inside another origin's frame says so, with a link that opens it on its own: a meta
// Content-Security-Policy cannot carry frame-ancestors, and GitHub Pages sends no header that could
// forbid the framing. Said on every page the document shows (instant navigation replaces the content).
(function () {
  if (window.top === window) return;
  var ancestors = location.ancestorOrigins ? Array.prototype.slice.call(location.ancestorOrigins) : [];
  var foreign = ancestors.some(function (origin) { return origin !== location.origin; });
  if (!location.ancestorOrigins) {
    try {
      foreign = window.top?.location.origin !== location.origin;
    } catch {
      foreign = true; // another origin's window cannot be read
    }
  }
  if (!foreign) return;
  var say = function () {
    var notice = document.createElement("div");
    notice.className = "admonition warning hg-framed";
    notice.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.appendChild(document.createTextNode("This page is shown inside another site's frame, which can hide or change what surrounds it. "));
    var link = document.createElement("a");
    link.href = location.href;
    link.target = "_top";
    link.textContent = "Open it on its own";
    text.appendChild(link);
    text.appendChild(document.createTextNode(" before relying on it."));
    notice.appendChild(text);
    var content = document.querySelector(".md-content__inner") || document.body;
    content.insertBefore(notice, content.firstChild);
  };
  if (window.document$) window.document$.subscribe(say);
  else say();
})();
