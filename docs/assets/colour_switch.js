// The colour-scheme switch from the keyboard (see overrides/partials/palette.html): Enter or Space
// presses the focused icon, as a click does, and the focus moves to the icon shown in its place.
// Caught before Material's own Enter handler, which would move the focus to a hidden radio input.
document.addEventListener("keydown", (event) => {
  const label = /** @type {HTMLLabelElement | null} */ (event.target instanceof Element && event.target.closest("[data-md-component='palette'] label"));
  if (!label || (event.key !== "Enter" && event.key !== " ")) return;
  event.preventDefault();
  event.stopPropagation();
  label.click();
  const shown = /** @type {HTMLLabelElement | null} */ (/** @type {HTMLFormElement} */ (label.form).querySelector("label:not([hidden])"));
  if (shown) shown.focus();
}, true);
