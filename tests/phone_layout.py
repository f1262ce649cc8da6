"""What a phone reader cannot read or hit, measured in the page: text under 16 px in the content,
and links or controls smaller than 24x24 px (WCAG 2.5.8), in a page at rest."""

# A page is measured once no transition runs: a control fading out (Material's drawer overlay, 0x0
# with its opacity on the way to 0 on a busy machine) is not a target the reader can tap.
AT_REST = "() => document.getAnimations().every(a => a.playState !== 'running')"

SMALL_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.querySelector('.md-content'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (!node.textContent.trim() || element.closest('svg') || !element.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < 16) small.push(`${size}px: ${node.textContent.trim().slice(0, 40)}`);
  }
  return small;
}"""
SMALL_TARGETS = """() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary, label[for]')]
  .filter(e => { const s = getComputedStyle(e); return e.getClientRects().length && s.visibility !== 'hidden' && s.opacity !== '0' && s.pointerEvents !== 'none'; })
  .map(e => [e, e.getBoundingClientRect()]).filter(([, r]) => r.width < 24 || r.height < 24)
  .map(([e, r]) => `${e.tagName} ${Math.round(r.width)}x${Math.round(r.height)}: ${(e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 30)}`)"""
