// The colour-scheme switch from the keyboard (see overrides/partials/palette.html): Enter or Space
// presses the focused icon, as a click does, and the focus moves to the icon shown in its place.
document.addEventListener("keydown", (event) => {
  const label = event.target instanceof Element && event.target.closest("[data-md-component='palette'] label");
  if (!label || (event.key !== "Enter" && event.key !== " ")) return;
  event.preventDefault();
  label.click();
  const shown = label.form.querySelector(".md-option:checked + label");
  if (shown) shown.focus();
});
