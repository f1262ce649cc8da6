// Content past its review date says so at the top of every page, and the calculator repeats the
// notice in every plan (main.js copies it). The date is in the page (build_scripts/generate_pages.py);
// the day is the reader's. Said on every page the document shows (instant navigation replaces the content).
(function () {
  var say = function () {
    var marker = /** @type {HTMLElement | null} */ (document.querySelector("[data-next-review]"));
    var due = marker && marker.dataset.nextReview;
    if (!due || new Date().toISOString().slice(0, 10) <= due) return;
    var notice = document.createElement("div");
    notice.className = "admonition warning hg-review-due";
    var text = document.createElement("p");
    text.textContent = "This guidance was due for review on " + due + " and has not been reviewed since: " +
      "check its recommendations and drug intervals against current evidence and your local protocol.";
    notice.appendChild(text);
    var content = document.querySelector(".md-content__inner") || document.body;
    content.insertBefore(notice, content.firstChild);
  };
  if (window.document$) window.document$.subscribe(say);
  else say();
})();
