// The plan as the page shows it: the card first (the pathway, the first conclusions, the case in one
// line), then the next steps, then the evidence of each conclusion in a collapsible group. Every
// clinical word comes from the engine's plan JSON, labels included; this module only arranges it.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

export const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

export class PlanView {
  /** words(field, value): a case value in the form's words. */
  constructor({ words }) {
    this.words = words;
    this.openGroups = new Map(); // a group the reader opened or closed stays so across updates
  }

  guidanceLink(item) {
    // Named by the statement it leads to: several items of one plan lead to the same page.
    const name = `Guidance: ${item.page_title}`;
    return el("a", { class: "hg-guidance-link", href: `../${item.href}`, "aria-label": `${name}: ${item.text}` }, name);
  }

  citations(keys) {
    return [...keys]
      .map((key) => this.references?.get(key))
      .filter(Boolean)
      .sort((a, b) => a.number - b.number)
      .map((r) => el("a", { class: "hg-cite", href: `../references/#ref-${r.key}`, "aria-label": `Reference ${r.number}: ${r.label}` }, `[${r.number}]`));
  }

  /** An evidence item's text, source note and badges; certainty left out when its group shows it once. */
  itemBody(item, groupCertainty) {
    const meta = [];
    if (item.certainty_label && item.certainty_label !== groupCertainty) meta.push(el("span", { class: "hg-certainty" }, item.certainty_label));
    if (item.verification_label) meta.push(el("span", { class: "hg-verification" }, item.verification_label));
    meta.push(this.guidanceLink(item));
    return [
      el("span", { class: "hg-text" }, item.text, " ", ...this.citations(item.citations)),
      item.source_note ? el("span", { class: "hg-source-note" }, el("strong", {}, "Source note: "), item.source_note) : null,
      el("span", { class: "hg-meta" }, ...meta),
    ];
  }

  /** One conclusion: its severity in words (it prints and is read out), the headline, its citations. */
  conclusion(c, number) {
    const flag = c.severity === "info" ? null : el("strong", { class: "hg-severity" }, `${c.severity_label}: `);
    return el("li", { class: `hg-conclusion hg-${c.severity}`, value: number, "data-id": c.id, "data-severity": c.severity },
      flag, el("span", { class: "hg-headline" }, c.headline), " ", ...this.citations(c.citations),
      c.verification_label ? [" ", el("span", { class: "hg-verification" }, c.verification_label)] : null);
  }

  /** The certainty label all items share, or null. */
  sharedCertainty(items) {
    const labels = new Set(items.map((i) => i.certainty_label));
    return labels.size === 1 ? [...labels][0] : null;
  }

  group(key, title, items, body, { open = true, count = plural(items.length, "item", "items") } = {}) {
    const shared = items.length > 1 ? this.sharedCertainty(items) : null;
    const note = [count, shared ? `all ${shared}` : null].filter(Boolean).join(" · ");
    const details = el("details", { class: "hg-group-details", "data-group": key, open: this.openGroups.get(key) ?? open },
      el("summary", {}, el("h3", {}, title), note ? el("span", { class: "hg-group-note" }, ` (${note})`) : null),
      el("div", { "data-part": key }, body(shared)));
    details.addEventListener("toggle", () => this.openGroups.set(key, details.open));
    return details;
  }

  /** The card: what to act on at a glance (at most five conclusions). */
  summary(plan, example, number) {
    return el("section", { id: "plan-summary", class: "hg-plan-summary", tabindex: "-1", "aria-labelledby": "plan-pathway" },
      example ? el("p", { class: "hg-example-tag" }, `Example patient: ${example}. Not a real patient.`) : null,
      el("h2", { id: "plan-pathway", class: "hg-pathway" }, plan.pathway_label),
      el("ol", { class: "hg-card", "data-part": "card" }, plan.conclusions.slice(0, plan.card.length).map((c) => this.conclusion(c, number.get(c)))),
      el("p", { class: "hg-case-line" }, el("strong", {}, "Case: "), plan.case_summary));
  }

  /** @param {any} plan @param {{example?: string | null}} [options] */
  render(plan, { example = null } = {}) {
    this.references = new Map(plan.references.map((r) => [r.key, r]));
    const ordered = plan.conclusions; // the card is their first few
    const rest = ordered.slice(plan.card.length);
    const number = new Map(ordered.map((c, i) => [c, i + 1])); // by position: two conclusions may share a template
    const parts = [this.summary(plan, example, number)];
    if (rest.length) {
      parts.push(this.group("next-steps", "Next steps", rest, () =>
        el("ol", { class: "hg-next", start: plan.card.length + 1 }, rest.map((c) => this.conclusion(c, number.get(c)))),
      { count: plural(rest.length, "conclusion", "conclusions") }));
    }
    if (plan.perioperative) {
      const p = plan.perioperative;
      parts.push(el("p", { class: "hg-periop" }, `${p.agent_label} (${p.drug_class_label}): ${this.words("surgery_timing", p.timing)} ${p.procedure}; anaesthesia: ${this.words("anesthesia", p.anesthesia)}.`));
    }
    parts.push(this.evidence(plan, ordered, number));
    parts.push(this.printedReferences(plan));
    const prov = plan.provenance;
    parts.push(el("p", { class: "hg-provenance" },
      `${prov.source_title}. Content version ${prov.content_version}, last reviewed ${prov.last_reviewed}; `,
      `source SHA-256 ${prov.source_sha256.slice(0, 12)}…; engine ${prov.engine_version}. `, plan.disclaimer));
    return parts;
  }

  /** On paper, where "Details and evidence" is left out: the reference of every number the
   * conclusions cite, and no other. */
  printedReferences(plan) {
    const cited = new Set(plan.conclusions.flatMap((c) => c.citations));
    return el("section", { class: "hg-print-references", "aria-hidden": "true" }, el("h2", {}, "References"),
      el("ol", {}, plan.references.filter((r) => cited.has(r.key)).map((r) => el("li", { value: r.number }, `[${r.number}] ${r.label}`))));
  }

  /** The evidence under each conclusion (each item once), the assumptions and the references. */
  evidence(plan, ordered, number) {
    const items = new Map(plan.evidence.map((e) => [e.id, e]));
    const shown = new Set();
    const perConclusion = ordered.map((c) => {
      const fresh = c.evidence.filter((id) => !shown.has(id));
      fresh.forEach((id) => shown.add(id));
      return [c, fresh.map((id) => items.get(id))];
    }).filter(([, list]) => list.length);
    const body = (shared) => [
      el("div", { "data-part": "evidence" }, perConclusion.map(([c, list]) => [
        el("h4", {}, `For ${number.get(c)}`),
        el("ul", { class: "hg-items" }, list.map((item) => el("li", { "data-id": item.id }, ...this.itemBody(item, shared)))),
      ])),
      plan.assumptions.length ? [el("h4", {}, "Assumptions used"), el("div", { "data-part": "assumptions" }, el("ul", { class: "hg-items" },
        plan.assumptions.map((a) => el("li", { "data-id": a.id }, el("a", { href: `../assumptions/#${a.id}` }, a.title), `: ${a.text} `, ...this.citations(a.citations)))))] : null,
      el("h4", {}, "References"),
      el("ol", { class: "hg-references" }, plan.references.map((r) => el("li", { value: r.number },
        el("a", { href: `../references/#ref-${r.key}`, "aria-label": `Reference ${r.number} on the references page: ${r.label}` }, `[${r.number}]`), ` ${r.label} `,
        r.url ? el("a", { href: r.url, rel: "noopener noreferrer", target: "_blank", "aria-label": `${r.url.includes("pubmed") ? "PubMed" : "DOI"}: reference ${r.number}` },
          r.url.includes("pubmed") ? "PubMed" : "DOI") : null))),
    ];
    return this.group("details", "Details and evidence", plan.evidence, body, { open: false, count: plural(plan.references.length, "reference", "references") });
  }
}
