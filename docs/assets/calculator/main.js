// The calculator page: reads the form, asks the worker for a plan, renders it. Presentation only:
// every clinical word and number comes from the engine's plan, which comes from the source.
const form = document.getElementById("case-form");
const result = document.getElementById("result");
const calculator = document.getElementById("calculator");
const stage = document.getElementById("calc-stage");
const progressBar = document.getElementById("calc-progress");
const fallback = document.getElementById("calc-fallback");
const announcement = document.getElementById("result-announcement");
const peek = document.getElementById("plan-peek"); // on a phone the plan is below the form
const pageData = JSON.parse(document.getElementById("calculator-data").textContent);
const workedCases = JSON.parse(document.getElementById("worked-cases").textContent);
// How long loading may take before the page gives up and points to the decision table
// (?timeout=MS shortens it, for tests of a stalled load).
const START_TIMEOUT_MS = Math.max(1000, Number(new URLSearchParams(location.search).get("timeout")) || 60000);
const SEVERITY = { critical: ["danger", "Critical"], warning: ["warning", "Warning"], info: ["info", "Note"] };
const VERIFICATION = { secondary: "Read in secondary summaries: check against the guideline", unverified: "UNVERIFIED" };

let worker = null;
let ready = false;

function fail(reason) {
  calculator.dataset.state = "failed";
  document.getElementById("calc-fallback-reason").textContent = reason;
  fallback.hidden = false;
  stage.textContent = "The calculator is not available.";
  result.replaceChildren(el("p", {}, "No plan: the calculator could not start. Use the decision table (link above)."));
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

// --- the case: form <-> object <-> URL fragment -------------------------------------------
function fieldWraps() {
  return [...form.querySelectorAll(".hg-field")];
}

function readCase() {
  const data = {};
  for (const wrap of fieldWraps()) {
    if (wrap.hidden) continue; // a field that does not apply is not part of the case
    const name = wrap.dataset.field;
    if (wrap.classList.contains("hg-checkbox")) {
      data[name] = wrap.querySelector("input").checked;
    } else if (wrap.classList.contains("hg-checkboxes")) {
      data[name] = [...wrap.querySelectorAll("input:checked")].map((i) => i.value);
    } else if (wrap.classList.contains("hg-select")) {
      const value = wrap.querySelector("select").value;
      if (value !== "") data[name] = value;
    } else {
      const input = wrap.querySelector("input");
      if (input.validity.badInput) data[name] = input.value || "not a number";
      else if (input.value.trim() !== "") data[name] = Number(input.value);
    }
  }
  return data;
}

function fillForm(data) {
  form.reset(); // back to the defaults; then set what the case gives
  for (const wrap of fieldWraps()) {
    const value = data[wrap.dataset.field];
    if (value === undefined || value === null) continue;
    if (wrap.classList.contains("hg-checkbox")) wrap.querySelector("input").checked = value === true;
    else if (wrap.classList.contains("hg-checkboxes")) {
      for (const box of wrap.querySelectorAll("input")) box.checked = Array.isArray(value) && value.includes(box.value);
    } else wrap.querySelector("select, input").value = String(value);
  }
  applyVisibility();
}

// Fields shown only for some answers (INR for warfarin...), parsed once.
const conditionalFields = [...form.querySelectorAll("[data-applies-when]")].map((wrap) => [wrap, Object.entries(JSON.parse(wrap.dataset.appliesWhen))]);

function applyVisibility() {
  for (const [wrap, rule] of conditionalFields) {
    const shown = rule.every(([field, values]) => values.includes(form.elements[field].value));
    if (wrap.hidden === shown) wrap.hidden = !shown;
  }
}

function caseFromFragment() {
  if (!location.hash.startsWith("#case=")) return null;
  try {
    const data = JSON.parse(decodeURIComponent(location.hash.slice(6)));
    return data && typeof data === "object" && !Array.isArray(data) ? data : null;
  } catch {
    return null;
  }
}

let fragmentTimer = 0;
function saveFragment(data) {
  // replaceState: the case stays in this tab's address only; it is never sent to a server.
  // Written just after the input, off the path from input to plan.
  clearTimeout(fragmentTimer);
  fragmentTimer = setTimeout(() => history.replaceState(null, "", "#case=" + encodeURIComponent(JSON.stringify(data))), 0);
}

// --- rendering ---------------------------------------------------------------------------
function guidanceHref(section, id) {
  return section === "overview" ? `../#${id}` : `../${section}/#${id}`;
}

function citations(keys, numbers) {
  const sorted = [...keys].sort((a, b) => numbers[a] - numbers[b]);
  return sorted.map((key) => el("a", { class: "hg-cite", href: `../references/#ref-${key}` }, `[${numbers[key]}]`));
}

function itemBody(item, numbers) {
  const meta = [];
  if (item.certainty) meta.push(el("span", { class: "hg-certainty" }, pageData.certainty[item.certainty] || item.certainty));
  if (item.verification && item.verification !== "verified") {
    meta.push(el("span", { class: "hg-verification" }, VERIFICATION[item.verification] || item.verification));
  }
  meta.push(el("a", { class: "hg-guidance-link", href: guidanceHref(item.section, item.id) }, "In the guidance"));
  return [
    el("span", { class: "hg-text" }, item.text, " ", ...citations(item.citations, numbers)),
    item.detail ? el("span", { class: "hg-detail" }, item.detail) : null,
    item.source_note ? el("span", { class: "hg-source-note" }, el("strong", {}, "Source note: "), item.source_note) : null,
    el("span", { class: "hg-meta" }, ...meta),
  ];
}

function list(tag, items, numbers, extra = () => null) {
  return el(tag, { class: "hg-items" }, items.map((item) => el("li", { "data-id": item.id }, extra(item), ...itemBody(item, numbers))));
}

function section(part, title, ...children) {
  return el("section", { class: "hg-result-section", "data-part": part }, el("h2", {}, title), ...children);
}

function caseSummary(plan) {
  const rows = Object.entries(plan.case)
    .filter(([, value]) => value !== null && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => {
      const label = form.querySelector(`[data-field="${key}"] label, [data-field="${key}"] legend`);
      return el("tr", {}, el("th", { scope: "row" }, label ? label.textContent.replace(" (required)", "") : key), el("td", {}, Array.isArray(value) ? value.join(", ") : String(value)));
    });
  return el("table", { class: "hg-case-summary" }, el("caption", {}, "Case as evaluated"), el("tbody", {}, rows));
}

function renderPlan(plan) {
  const numbers = Object.fromEntries(plan.references.map((r) => [r.key, r.number]));
  const parts = [
    el("p", { class: "hg-pathway" }, el("span", { class: "hg-pathway-label" }, plan.pathway_label), el("span", {}, ` — ${plan.presentation}. ${plan.summary}`)),
  ];
  if (plan.warnings.length) {
    parts.push(section("warnings", "Warnings", ...plan.warnings.map((w) => {
      const [kind, label] = SEVERITY[w.severity] || SEVERITY.info;
      return el("div", { class: `admonition ${kind} hg-warning`, "data-id": w.id, "data-severity": w.severity },
        el("p", { class: "admonition-title" }, label), el("p", {}, ...itemBody(w, numbers)));
    })));
  }
  parts.push(section("steps", "Steps", list("ol", plan.steps, numbers)));
  if (plan.perioperative) {
    const p = plan.perioperative;
    parts.push(section("perioperative", `Perioperative antithrombotic plan: ${p.agent_label}`,
      el("p", {}, `${p.timing === "urgent" ? "Urgent" : "Planned"} ${p.procedure}; anaesthesia: ${p.anesthesia}.`),
      list("ul", p.items, numbers, (item) => el("span", { class: `hg-kind hg-kind-${item.kind}` }, item.kind))));
  }
  if (plan.considerations.length) parts.push(section("considerations", "Special considerations", list("ul", plan.considerations, numbers)));
  if (plan.outcomes.length) parts.push(section("outcomes", "Expected outcomes", list("ul", plan.outcomes, numbers)));
  if (plan.assumptions.length) {
    parts.push(section("assumptions", "Assumptions used",
      el("ul", { class: "hg-items" }, plan.assumptions.map((a) => el("li", { "data-id": a.id },
        el("a", { href: `../assumptions/#${a.id}` }, a.title), `: ${a.text}`)))));
  }
  parts.push(section("references", "References", el("ol", { class: "hg-references" }, plan.references.map((r) => el("li", { value: r.number },
    el("a", { href: `../references/#ref-${r.key}` }, `[${r.number}]`), ` ${r.label} `,
    r.url ? el("a", { href: r.url, rel: "noopener noreferrer", target: "_blank" }, r.url.includes("pubmed") ? "PubMed" : "DOI") : null)))));
  const prov = plan.provenance;
  parts.push(caseSummary(plan));
  parts.push(el("p", { class: "hg-provenance" },
    `${prov.source_title}. Content version ${prov.content_version}, last reviewed ${prov.last_reviewed}; `,
    `source SHA-256 ${prov.source_sha256.slice(0, 12)}…; engine ${prov.engine_version}. `, plan.disclaimer));
  result.replaceChildren(...parts);
  result.dataset.pathway = plan.pathway;
  result.dataset.contentVersion = prov.content_version;
  const critical = plan.warnings.filter((w) => w.severity === "critical").length;
  peek.hidden = false;
  peek.textContent = `Plan: ${plan.pathway_label}${critical ? ` · ${critical} critical warning${critical > 1 ? "s" : ""}` : ""} ↓`;
  announce(`Plan updated: ${plan.pathway_label}. ${plan.warnings.length} warnings${critical ? `, ${critical} critical` : ""}.`);
}

function showErrors(errors) {
  const general = [];
  for (const error of errors) {
    const box = error.field && document.getElementById(`e-${error.field}`);
    if (box) {
      box.hidden = false;
      box.textContent = (box.textContent ? box.textContent + " " : "") + capitalise(error.reason) + ".";
      const control = form.querySelector(`[data-field="${error.field}"] input, [data-field="${error.field}"] select`);
      if (control) control.setAttribute("aria-invalid", "true");
    } else general.push(error.path ? `${error.path}: ${error.reason}` : error.reason);
  }
  result.dataset.pathway = "";
  peek.hidden = false;
  peek.textContent = "No plan: check the fields marked ↓";
  announce(`No plan: ${errors.length} ${errors.length === 1 ? "field needs" : "fields need"} correcting.`);
  result.replaceChildren(el("div", { class: "admonition warning hg-invalid" }, el("p", { class: "admonition-title" }, "Check the case"),
    el("p", {}, "No plan until the fields marked above are corrected."), ...general.map((g) => el("p", {}, g))));
}

// One short sentence per update for screen readers, not the whole plan.
let lastAnnouncement = "";
function announce(text) {
  if (text !== lastAnnouncement) announcement.textContent = lastAnnouncement = text;
}

function clearErrors() {
  for (const box of form.querySelectorAll(".hg-error")) {
    box.hidden = true;
    box.textContent = "";
  }
  for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
}

const capitalise = (text) => text.charAt(0).toUpperCase() + text.slice(1);

// --- wiring ------------------------------------------------------------------------------
// One request in flight at a time; while it runs, only the newest case waits (no queue of stale
// cases), and an unchanged case (an "input" then a "change" event) is not evaluated twice.
let changedAt = 0;
let inFlight = false;
let waitingCase = null;
let lastSent = null;

function send(caseText) {
  inFlight = true;
  lastSent = caseText;
  worker.postMessage({ caseText });
}

function update() {
  applyVisibility();
  const data = readCase();
  saveFragment(data);
  if (!ready) return;
  const caseText = JSON.stringify(data);
  if (caseText === (waitingCase ?? lastSent)) return;
  changedAt = performance.now();
  result.dataset.state = "pending"; // tests and screen readers wait for "done"
  if (inFlight) waitingCase = caseText;
  else send(caseText);
}

function onWorkerMessage(event) {
  const message = event.data;
  if (message.type === "progress") {
    stage.textContent = message.text;
    progressBar.value = message.stage;
  } else if (message.type === "ready") {
    ready = true;
    calculator.dataset.state = "ready";
    document.dispatchEvent(new CustomEvent("hg:calculator-ready"));
    calculator.dataset.startedFrom = message.snapshot ? "snapshot" : "fresh";
    calculator.dataset.startMarks = JSON.stringify(message.marks); // worker clock, for the benchmark
    progressBar.value = progressBar.max;
    stage.textContent = `Calculator ready (content version ${pageData.version}, last reviewed ${pageData.last_reviewed}).`;
    update();
  } else if (message.type === "fatal") {
    fail(`Loading failed: ${message.message}`);
  } else if (message.type === "result") {
    inFlight = false;
    if (waitingCase !== null) {
      const next = waitingCase;
      waitingCase = null;
      send(next);
      return; // a newer case is on its way: this plan is already out of date
    }
    const reply = JSON.parse(message.text);
    clearErrors();
    if (reply.ok) renderPlan(reply.plan);
    else showErrors(reply.errors);
    // Timings for the benchmark (build_scripts/bench.py): input to updated plan, and the first plan.
    result.dataset.latencyMs = (performance.now() - changedAt).toFixed(2);
    result.dataset.engineMs = message.engineMs.toFixed(2);
    if (!result.dataset.firstResultMs) result.dataset.firstResultMs = performance.now().toFixed(1);
    result.dataset.state = "done";
  }
}

function start() {
  fillForm(caseFromFragment() || workedCases[0].case);
  if (!caseFromFragment()) document.getElementById("worked-case").value = workedCases[0].id;
  form.addEventListener("input", update); // every control fires "input" when its value changes
  document.getElementById("worked-case").addEventListener("change", (event) => {
    const chosen = workedCases.find((c) => c.id === event.target.value);
    if (chosen) {
      fillForm(chosen.case);
      update();
    }
  });
  document.getElementById("clear-case").addEventListener("click", () => {
    fillForm({});
    document.getElementById("worked-case").value = "";
    update();
  });
  document.getElementById("print-case").addEventListener("click", () => window.print());
  saveFragment(readCase());

  if (typeof WebAssembly !== "object") {
    fail("This browser has WebAssembly turned off (for example iOS Lockdown Mode), and the calculator needs it.");
    return;
  }
  stage.textContent = "Starting the calculator…";
  progressBar.value = 0.5;
  const onError = (event) => fail(`The calculator's worker failed to load${event.message ? `: ${event.message}` : ""}.`);
  const boot = window.hgCalculatorBoot; // started from <head> by boot.js
  if (boot) {
    worker = boot.worker;
    calculator.dataset.workerCreatedMs = boot.createdAt.toFixed(1);
    boot.takeOver(onWorkerMessage, onError);
  } else {
    try {
      worker = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module" });
    } catch (error) {
      fail(`The browser refused to start the calculator's worker (${error.message}).`);
      return;
    }
    calculator.dataset.workerCreatedMs = performance.now().toFixed(1);
    worker.addEventListener("message", onWorkerMessage);
    worker.addEventListener("error", onError);
  }
  setTimeout(() => {
    if (!ready && calculator.dataset.state !== "failed") {
      fail(`The calculator did not finish loading within ${START_TIMEOUT_MS / 1000} seconds (slow network, a blocked file, or too little memory).`);
      worker.terminate();
    }
  }, START_TIMEOUT_MS);
}

start();
