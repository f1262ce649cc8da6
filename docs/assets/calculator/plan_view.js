// The plan as the page shows it: a summary first (pathway, critical warnings, next actions, the case
// in one line), then the details in collapsible groups. Every clinical word comes from the engine's
// plan JSON, labels included; this module only arranges it.

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

const ADMONITION = { critical: "danger", warning: "warning", info: "info" };

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
      .map((key) => this.references.get(key))
      .filter(Boolean)
      .sort((a, b) => a.number - b.number)
      .map((r) => el("a", { class: "hg-cite", href: `../references/#ref-${r.key}`, "aria-label": `Reference ${r.number}: ${r.label}` }, `[${r.number}]`));
  }

  /** An item's text, detail, source note and badges; certainty left out when its group shows it once. */
  itemBody(item, groupCertainty) {
    const meta = [];
    if (item.certainty_label && item.certainty_label !== groupCertainty) meta.push(el("span", { class: "hg-certainty" }, item.certainty_label));
    if (item.verification_label) meta.push(el("span", { class: "hg-verification" }, item.verification_label));
    meta.push(this.guidanceLink(item));
    return [
      el("span", { class: "hg-text" }, item.text, " ", ...this.citations(item.citations)),
      item.detail ? el("span", { class: "hg-detail" }, item.detail) : null,
      item.source_note ? el("span", { class: "hg-source-note" }, el("strong", {}, "Source note: "), item.source_note) : null,
      el("span", { class: "hg-meta" }, ...meta),
    ];
  }

  warning(w, groupCertainty) {
    // The label is text ("Critical: …"), not only a colour or an icon, so that it prints and is read out.
    return el("div", { class: `admonition ${ADMONITION[w.severity] || "info"} hg-warning`, "data-id": w.id, "data-severity": w.severity },
      el("p", {}, el("strong", { class: "hg-severity" }, `${w.severity_label}: `), ...this.itemBody(w, groupCertainty)));
  }

  items(items, groupCertainty) {
    return el("ul", { class: "hg-items" }, items.map((item) => el("li", { "data-id": item.id }, ...this.itemBody(item, groupCertainty))));
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

  summary(plan, example) {
    const critical = plan.warnings.filter((w) => w.severity === "critical");
    return el("section", { id: "plan-summary", class: "hg-plan-summary", tabindex: "-1", "aria-labelledby": "plan-pathway" },
      example ? el("p", { class: "hg-example-tag" }, `Example patient: ${example}. Not a real patient.`) : null,
      el("h2", { id: "plan-pathway", class: "hg-pathway" }, plan.pathway_label),
      critical.length ? el("div", { class: "hg-critical", "data-part": "warnings" }, critical.map((w) => this.warning(w, null))) : null,
      el("p", { class: "hg-presentation" }, `${plan.presentation}. ${plan.summary}`),
      el("h3", {}, "Next actions"),
      el("ol", { class: "hg-next" }, plan.next_actions.map((a) => el("li", { "data-action": a.id },
        a.text, " ", ...this.citations(a.citations)))),
      el("p", { class: "hg-case-line" }, el("strong", {}, "Case: "), plan.case_summary));
  }

  render(plan, { example = null } = {}) {
    this.references = new Map(plan.references.map((r) => [r.key, r]));
    const parts = [this.summary(plan, example)];
    const others = plan.warnings.filter((w) => w.severity !== "critical");
    if (others.length) {
      parts.push(this.group("other-warnings", "Other warnings and notes", others, (shared) => el("div", { "data-part": "warnings" }, others.map((w) => this.warning(w, shared)))));
    }
    parts.push(this.group("steps", "Steps", plan.steps, (shared) => this.items(plan.steps, shared)));
    if (plan.perioperative) {
      const p = plan.perioperative;
      parts.push(this.group("perioperative", `Perioperative antithrombotic plan: ${p.agent_label}`, p.items, (shared) => [
        el("p", {}, `${p.drug_class_label}. ${this.words("surgery_timing", p.timing)} ${p.procedure}; anaesthesia: ${this.words("anesthesia", p.anesthesia)}.`),
        this.items(p.items, shared),
      ]));
    }
    if (plan.follow_up.length) parts.push(this.group("follow_up", "Follow-up", plan.follow_up, (shared) => this.items(plan.follow_up, shared)));
    if (plan.considerations.length) {
      parts.push(this.group("considerations", "Special considerations", plan.considerations, (shared) => this.items(plan.considerations, shared)));
    }
    parts.push(this.evidence(plan));
    const prov = plan.provenance;
    parts.push(el("p", { class: "hg-provenance" },
      `${prov.source_title}. Content version ${prov.content_version}, last reviewed ${prov.last_reviewed}; `,
      `source SHA-256 ${prov.source_sha256.slice(0, 12)}…; engine ${prov.engine_version}. `, plan.disclaimer));
    return parts;
  }

  /** Outcomes, assumptions and references: the weight of the evidence behind the plan. */
  evidence(plan) {
    const body = (shared) => [
      plan.outcomes.length ? [el("h4", {}, "Expected outcomes"), el("div", { "data-part": "outcomes" }, this.items(plan.outcomes, shared))] : null,
      plan.assumptions.length ? [el("h4", {}, "Assumptions used"), el("div", { "data-part": "assumptions" }, el("ul", { class: "hg-items" },
        plan.assumptions.map((a) => el("li", { "data-id": a.id }, el("a", { href: `../assumptions/#${a.id}` }, a.title), `: ${a.text}`))))] : null,
      el("h4", {}, "References"),
      el("ol", { class: "hg-references" }, plan.references.map((r) => el("li", { value: r.number },
        el("a", { href: `../references/#ref-${r.key}`, "aria-label": `Reference ${r.number} on the references page: ${r.label}` }, `[${r.number}]`), ` ${r.label} `,
        r.url ? el("a", { href: r.url, rel: "noopener noreferrer", target: "_blank", "aria-label": `${r.url.includes("pubmed") ? "PubMed" : "DOI"}: reference ${r.number}` },
          r.url.includes("pubmed") ? "PubMed" : "DOI") : null))),
    ];
    const title = "Evidence: outcomes, assumptions and references";
    return this.group("evidence", title, plan.outcomes, body, { open: false, count: plural(plan.references.length, "reference", "references") });
  }
}
