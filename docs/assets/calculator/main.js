// The calculator page: reads the form, asks the worker for a plan, renders it. Presentation only:
// every clinical word and number comes from the engine's plan, which comes from the source.
// This module runs once per document, and Material's instant navigation keeps one document across
// pages: the engine (its worker, `state.engine`) lives as long as the document, and each visit of
// the calculator page attaches to that page's elements and detaches when the reader leaves it.
import { caseFromLink, holdsCase, linkOfCase } from "./case_link.js";
import { CaseForm } from "./case_form.js";
import { LoadingStatus } from "./loading_status.js";
import { el, plural, PlanView } from "./plan_view.js";
import { evaluateRequest, isWorkerMessage } from "./worker_protocol.js";

/** @param {string} id @returns {any} the page's own element (the template writes every id this reads) */
const $ = (id) => document.getElementById(id);
// The elements of the calculator page on screen (set by attach(); null while another page is shown).
/** @type {any} */ let calculator = null;
/** @type {any} */ let result, planBody, peek, announcement, pageData, workedCases;
/** @type {CaseForm} */ let caseForm;
/** @type {PlanView} */ let view;
/** @type {LoadingStatus} */ let loading;
/** @type {AbortController} */ let listeners; // the window's and document's listeners of one visit
// Loading gives up only when nothing at all has happened for this long: a slow link that keeps
// delivering is never abandoned (?stall=MS shortens it, for tests).
const stallMs = () => Math.max(1000, Number(new URLSearchParams(location.search).get("stall")) || 30000);
const wideLayout = matchMedia("screen and (min-width: 60em)"); // the plan beside the form, not below it

// How long the worker may compute with nothing to download before loading counts as stalled.
const WORKING_LIMIT_MS = 120000;

// Everything the page keeps between events, in one place.
// The engine's state and its requests outlive a visit of the page; the rest is one visit's (visitState).
const state = {
  engine: {
    worker: /** @type {Worker | null} */ (null),
    id: "", // the worker's own id, sent once when it is ready: one id for as long as the worker lives
    ready: /** @type {any} */ (null), // the worker's "ready" message, once it came
    phase: "Starting the calculator…", // the last loading phase it reported
    failure: /** @type {string | null} */ (null), // why it cannot run, in plain words
    lastActivity: performance.now(),
    workingSince: /** @type {number | null} */ (null), // computing with nothing to download (its thread may be blocked)
    updated: false, // the worker belongs to another deployment than this page
    watch: /** @type {ReturnType<typeof setInterval> | undefined} */ (undefined), // the stall watch's timer
  },
  // One request in flight at a time; while it runs, only the newest case waits (no queue of stale
  // cases), and an unchanged case is not evaluated twice. The worker answers in order, so a request
  // still in flight when the reader left is awaited by the next visit, not taken for its answer.
  requests: {
    changedAt: 0,
    inFlight: false,
    waitingCase: /** @type {string | null} */ (null),
    lastSent: /** @type {string | null} */ (null),
  },
  ...visitState(),
  // The case on screen when the reader left the page: Back or Forward brings it back, as a browser
  // restores a page it kept (in this tab's memory only, like that page).
  left: /** @type {{data: Record<string, unknown>, example: string | null, edited: boolean} | null} */ (null),
  poppedTo: /** @type {string | null} */ (null), // the page Back or Forward last moved this tab's history to
};

function visitState() {
  return {
  // What the reader has done, which decides what the page shows (errors only for fields left or
  // after "Show the plan"; the last valid plan kept, marked out of date, while the case is corrected).
  reader: {
    touched: new Set(),
    editing: /** @type {string | null} */ (null), // the field being typed in: its errors wait until it is left
    submitted: false,
    revealPlan: false, // bring the summary into view when the next plan arrives
    edited: false, // the reader changed the case by hand since it was loaded or cleared
  },
  link: {
    unread: false, // a link could not be read in full: nothing is evaluated until the reader edits
    errors: /** @type {Record<string, string>} */ ({}), // field -> what the link gave that the form cannot show
  },
  shown: {
    plan: /** @type {any} */ (null),
    record: "", // the plan as a note for the patient's record (the engine's words)
    example: /** @type {string | null} */ (null), // the worked case's title while it is on screen unedited
    cleared: /** @type {{data: Record<string, unknown>, example: string | null} | null} */ (null), // what "Clear case" removed, until edited or undone
    engineErrors: /** @type {any[]} */ ([]),
    announcement: "", // the last sentence said to screen readers
    peekable: false, // the phone's bar may lead to the plan (a plan, and no error it could cover)
  },
  };
}

// --- loading -----------------------------------------------------------------------------
// `final`: this reason replaces an earlier one (which followed from it).
function fail(reason, final = false) {
  if (state.engine.failure && !final) return;
  state.engine.failure = reason;
  window.hgCalculatorBoot?.releaseHeld();
  if (state.engine.worker) state.engine.worker.terminate();
  showFailure();
}

function showFailure() {
  if (!calculator) return;
  calculator.dataset.state = "failed";
  if (state.engine.updated) {
    calculator.dataset.failure = "updated";
    $("calc-retry").textContent = "Reload the page";
  }
  $("calc-fallback-reason").textContent = state.engine.failure;
  $("calc-fallback").hidden = false;
  loading.show("The calculator is not available.");
  planBody.replaceChildren(el("p", {}, "No plan: the calculator could not start. Use the decision table (link above), or try again."));
}

function onWorkerMessage(event) {
  state.engine.lastActivity = performance.now();
  const message = event.data;
  if (!isWorkerMessage(message)) return; // the protocol's messages only (worker_protocol.js)
  if (message.type === "download") {
    state.engine.workingSince = null;
    loading?.download(message.file, message.received, message.total);
  } else if (message.type === "progress") {
    state.engine.workingSince = message.working ? state.engine.workingSince ?? performance.now() : null;
    state.engine.phase = message.text;
    if (calculator) loading.phase(message.text);
  }
  else if (message.type === "ready") onReady(message);
  else if (message.type === "fatal") fail(`Loading failed: ${message.message}.`);
  else if (message.type === "updated") siteUpdated();
  else if (message.type === "result") onResult(message);
}

function onReady(message) {
  state.engine.ready = message;
  state.engine.id = message.id;
  document.dispatchEvent(new CustomEvent("hg:calculator-ready"));
  if (calculator) showReady();
}

function showReady() {
  const message = state.engine.ready;
  if (calculator.dataset.build && message.build !== calculator.dataset.build) {
    // A worker another page started is of another build than this page (the site was updated
    // meanwhile): load this page whole, as without instant navigation.
    location.reload();
    return;
  }
  calculator.dataset.state = "ready";
  calculator.dataset.startedFrom = message.snapshot ? "snapshot" : "fresh";
  // When each stage of the start ended (for the benchmark), on this page's clock: the worker's marks
  // are on the clock every thread shares.
  const stages = Object.entries(message.marks).map(([stage, at]) => [stage, Math.round(at - performance.timeOrigin)]);
  calculator.dataset.startMarks = JSON.stringify(Object.fromEntries(stages));
  calculator.dataset.engineId = state.engine.id; // the same while the worker lives (tests read it across pages)
  calculator.dataset.readyMs = performance.now().toFixed(1); // the calculator usable on this visit (benchmark)
  loading.done();
  loading.show(`Calculator ready (content version ${pageData.version}, last reviewed ${pageData.last_reviewed}).`);
  evaluate();
}

// The service worker refused a file it found altered and could not fetch again (another site of this
// origin can rewrite the shared cache): whatever failed because of it, its words say what to do. It
// keeps its reports, so that one made before this module ran is asked for.
function watchCache() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("message", (event) => {
    const report = event.data || {};
    const needed = /^(assets\/calculator|assets\/pyodide)\//.test(report.file || ""); // another page's damage is not this calculator's
    if (report.type === "sw-report" && report.kind === "unrepaired" && needed) fail(`${report.text}.`, true);
  });
  if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage("reports");
}

// While the page shows loading: the phase's seconds, and the stall limit.
function watchForStall() {
  clearInterval(state.engine.watch);
  state.engine.watch = setInterval(() => {
    if (!calculator || state.engine.ready || state.engine.failure) {
      clearInterval(state.engine.watch);
      return;
    }
    loading.tick(); // the phase's seconds move on even while the worker's thread is blocked
    const now = performance.now();
    const computing = state.engine.workingSince !== null && now - state.engine.workingSince < WORKING_LIMIT_MS;
    if (!computing && now - state.engine.lastActivity > stallMs()) {
      clearInterval(state.engine.watch);
      fail(`Loading stalled: nothing arrived for ${stallMs() / 1000} seconds (the connection dropped, or a file is blocked). Check the connection and try again.`);
    }
  }, 500);
}

// The worker boot.js started (on this page, or on the page the reader came from), or a new one.
function startWorker(restart = false) {
  const onError = (event) => fail(`The calculator's worker failed to load${event.message ? `: ${event.message}` : ""}.`);
  const boot = restart ? undefined : window.hgCalculatorBoot;
  state.engine.lastActivity = performance.now();
  const early = boot?.start();
  if (boot && early) {
    state.engine.worker = early;
    calculator.dataset.workerCreatedMs = boot.createdAt.toFixed(1);
    boot.takeOver(onWorkerMessage, onError);
    return;
  }
  try {
    const url = new URL(calculator.dataset.worker || window.hgWorkerURL || new URL("./worker.mjs", import.meta.url), location.href);
    const snapshot = new URLSearchParams(location.search).get("snapshot"); // benchmark switch
    if (snapshot) url.searchParams.set("snapshot", snapshot);
    state.engine.worker = new Worker(url, { type: "module" });
  } catch (error) {
    fail(`The browser refused to start the calculator's worker (${error instanceof Error ? error.message : String(error)}).`);
    return;
  }
  calculator.dataset.workerCreatedMs = performance.now().toFixed(1);
  state.engine.worker.addEventListener("message", onWorkerMessage);
  state.engine.worker.addEventListener("error", onError);
}

// The worker belongs to another deployment than this page (the site was updated while, or just
// before, it loaded): no plan, and the one remedy that works, a reload (every script's address names
// its content, so the reloaded page gets one build whole).
function siteUpdated() {
  state.engine.updated = true;
  fail("This site was updated while this page was loading: the page is from one version and the calculator's engine and content from another, so no plan is shown. Reload the page to use the new version.");
}

function retry() {
  if (state.engine.updated) {
    location.reload();
    return;
  }
  $("calc-fallback").hidden = true;
  calculator.dataset.state = "loading";
  state.engine.failure = null;
  loading.done();
  loading.bar.value = 0;
  loading.phase("Starting the calculator again…");
  state.requests.inFlight = false;
  state.requests.waitingCase = state.requests.lastSent = null;
  startWorker(true);
  watchForStall();
}

// --- evaluating (state.requests) ---------------------------------------------------------------

function send(caseText) {
  state.requests.inFlight = true;
  state.requests.lastSent = caseText;
  state.engine.worker?.postMessage(evaluateRequest(caseText)); // a starting worker holds it until it is ready
}

function evaluate() {
  caseForm.applyVisibility();
  if (!state.engine.ready) {
    showState();
    // A worker still starting (not one that failed or belongs to another build) is sent the case all
    // the same: it holds it until its engine is ready and answers at once, a round trip sooner.
    if (!state.engine.worker || state.engine.failure || state.engine.updated) return;
  }
  if (state.link.unread || Object.keys(state.link.errors).length) {
    result.dataset.state = "done"; // nothing to evaluate until the reader has corrected the case
    return showState();
  }
  const caseText = JSON.stringify(caseForm.read());
  if (caseText === (state.requests.waitingCase ?? state.requests.lastSent)) return;
  state.requests.changedAt = performance.now();
  result.dataset.state = "pending"; // tests and screen readers wait for "done"
  if (state.requests.inFlight) state.requests.waitingCase = caseText;
  else send(caseText);
}

function onResult(message) {
  state.requests.inFlight = false;
  if (!calculator) {
    state.requests.waitingCase = state.requests.lastSent = null; // the reader left: the next visit asks again
    return;
  }
  if (state.requests.waitingCase !== null) {
    const next = state.requests.waitingCase;
    state.requests.waitingCase = null;
    send(next);
    return; // a newer case is on its way: this plan is already out of date
  }
  const reply = JSON.parse(message.text);
  if (reply.ok && caseForm.unanswered().length) {
    state.shown.plan = null; // no plan until every question that decides the pathway is answered (noPlan names them)
    state.shown.engineErrors = [];
  } else if (reply.ok) {
    state.shown.plan = reply.plan;
    state.shown.record = reply.record;
    state.shown.engineErrors = [];
    renderPlan();
  } else {
    state.shown.engineErrors = reply.errors;
  }
  showState();
  // Timings for the benchmark (build_scripts/bench.py): input to updated plan, and the first plan.
  result.dataset.latencyMs = (performance.now() - state.requests.changedAt).toFixed(2);
  result.dataset.engineMs = message.engineMs.toFixed(2);
  if (!result.dataset.firstResultMs) {
    result.dataset.firstResultMs = performance.now().toFixed(1);
    window.hgCalculatorBoot?.releaseHeld(); // Material's scripts, held while the engine started (boot.js)
  }
  result.dataset.state = "done";
}

// --- showing -----------------------------------------------------------------------------
function renderPlan() {
  const panelScroll = result.scrollTop; // an update keeps the reader's place
  planBody.replaceChildren(...view.render(state.shown.plan, { example: state.shown.example }));
  const reviewDue = document.querySelector(".hg-review-due"); // content past its review date: every plan says so
  if (reviewDue) planBody.prepend(reviewDue.cloneNode(true));
  result.scrollTop = panelScroll;
  result.dataset.contentVersion = state.shown.plan.provenance.content_version;
  $("print-date").textContent = isoNow();
  $("print-address").textContent = location.origin + location.pathname + linkOfCase(caseForm.read()); // back to this plan from paper
  const critical = state.shown.plan.conclusions.filter((c) => c.severity === "critical").length;
  announce(`Plan updated: ${state.shown.plan.pathway_label}. ${plural(state.shown.plan.conclusions.length, "conclusion", "conclusions")}${critical ? `, ${critical} critical` : ""}.`);
  if (state.reader.revealPlan) revealPlan();
}

function revealPlan() {
  state.reader.revealPlan = false;
  const summary = $("plan-summary");
  if (!summary) return;
  summary.focus({ preventScroll: true });
  if (wideLayout.matches) {
    result.scrollTop = 0; // the plan panel stays beside the form
    summary.scrollIntoView({ block: "nearest" }); // and the page brings it back if it has scrolled past it
  } else summary.scrollIntoView({ block: "start" });
}

/** Field messages the reader should see now: link problems always; the engine's for fields left. */
function visibleErrors() {
  const messages = { ...state.link.errors };
  const general = [];
  for (const error of state.shown.engineErrors) {
    const known = error.field && caseForm.wrap(error.field);
    if (!known) general.push(error.path ? `${error.path}: ${error.reason}` : error.reason);
    else if (state.reader.submitted || (state.reader.touched.has(error.field) && state.reader.editing !== error.field)) {
      const text = error.reason.charAt(0).toUpperCase() + error.reason.slice(1) + ".";
      messages[error.field] = messages[error.field] ? `${messages[error.field]} ${text}` : text;
    }
  }
  return { messages, general: state.reader.submitted ? general : [] };
}

/** The form's errors, and the result's state: a fresh plan, a plan out of date, or no plan yet. */
function showState() {
  const { messages, general } = visibleErrors();
  caseForm.showErrors(messages);
  const errorCount = Object.keys(messages).length;
  const valid = state.shown.engineErrors.length === 0 && !state.link.unread && errorCount === 0 && state.shown.plan !== null;
  result.dataset.pathway = valid ? state.shown.plan.pathway : "";
  const stale = $("plan-stale");
  if (valid) {
    if (stale) stale.remove();
    delete result.dataset.plan;
  } else if (state.shown.plan) {
    result.dataset.plan = "stale"; // kept in place, marked, until the case is valid again
    const text = errorCount
      ? `Out of date: this plan is for the case before your last change. Correct the ${errorCount === 1 ? "field" : "fields"} marked in the form to update it.`
      : "Out of date: this plan is for the case before your last change; it updates when the case is complete.";
    if (stale) stale.textContent = text;
    else planBody.prepend(el("p", { id: "plan-stale", class: "hg-stale" }, text));
  } else {
    planBody.replaceChildren(noPlan(errorCount, general));
  }
  if (errorCount) announce(`No plan: ${plural(errorCount, "field needs", "fields need")} correcting.`);
  updatePeek(errorCount);
}

function noPlan(errorCount, general) {
  if (errorCount || general.length) {
    return el("div", { class: "admonition warning hg-invalid" }, el("p", { class: "admonition-title" }, "No plan yet"),
      el("p", {}, errorCount ? "Correct the fields marked in the form." : "The case could not be evaluated."), ...general.map((g) => el("p", {}, g)));
  }
  const missing = caseForm.unanswered();
  return el("p", { class: "hg-empty" }, state.engine.ready && missing.length
    ? `No plan yet: answer ${missing.join(", ")}.`
    : "The plan appears here once the calculator has started and the required fields are filled in.");
}

// On a phone the plan is below the form: the bar at the bottom stands in for the card while the
// card is below the screen, and one tap brings the card into view in its place (the bar goes).
// Read from the card's place on each scroll and resize (a full-page screenshot or a rotation
// moves it without a scroll event).
function placePeek() {
  const card = $("plan-summary");
  const below = card !== null && card.getBoundingClientRect().top > innerHeight - 8;
  const hidden = !state.shown.peekable || !below;
  if (peek.hidden !== hidden) peek.hidden = hidden;
}
let peekFrame = 0;
const placePeekSoon = () => {
  cancelAnimationFrame(peekFrame);
  peekFrame = requestAnimationFrame(placePeek);
};

function updatePeek(errorCount) {
  // It hides while errors show, so that it never covers one.
  state.shown.peekable = Boolean(state.shown.plan) && errorCount === 0;
  placePeek();
  if (!state.shown.plan) return;
  const critical = state.shown.plan.conclusions.filter((c) => c.severity === "critical").length;
  peek.textContent = `${result.dataset.plan === "stale" ? "Plan (out of date)" : "Plan"}: ${state.shown.plan.pathway_label}${critical ? ` · ${plural(critical, "critical warning", "critical warnings")}` : ""} ↓`;
}

// One short sentence per update for screen readers, not the whole plan.
function announce(text) {
  if (text !== state.shown.announcement) announcement.textContent = state.shown.announcement = text;
}

function showExample(title) {
  state.shown.example = title;
  const banner = $("example-banner");
  banner.hidden = !title;
  banner.textContent = title ? `Example patient loaded: ${title}. Edit any field to make it your patient's case, or clear the case.` : "";
  const tag = planBody.querySelector(".hg-example-tag");
  if (!title && tag) tag.remove();
}

/** The link's problems, and advice that matches what the form shows (fields marked or not). */
function showLinkAlert(text, marked = false) {
  const alert = $("case-alert");
  alert.hidden = !text;
  $("case-alert-text").textContent = text || "";
  $("case-alert-advice").textContent = marked
    ? "Nothing was evaluated from it. Check the fields marked in the form against your patient, or clear the case."
    : "Nothing was evaluated from it: enter the case in the form, or ask for the link again.";
  if (text) alert.scrollIntoView({ block: "center" }); // in view, not at a phone's bottom edge
}

function startOver() {
  state.reader.edited = false;
  state.reader.touched.clear();
  state.reader.submitted = false;
  state.reader.editing = null;
  state.link.unread = false;
  state.link.errors = {};
  state.shown.plan = null;
  state.shown.engineErrors = [];
  planBody.replaceChildren();
  showLinkAlert(null);
}

// --- the case in the address -------------------------------------------------------------
// A case typed in stays in the form only: no history entry, nothing in the address (browsers keep
// every address a tab showed in their History), nothing stored. It enters the address when the
// reader shares it, and then with replaceState: one address, no new entry.
async function copyLink() {
  history.replaceState(history.state, "", linkOfCase(caseForm.read())); // the state: Material's scroll position
  const status = $("copy-link-status");
  try {
    await navigator.clipboard.writeText(location.href);
    status.textContent = "Link copied: it holds the case (after #, which browsers never send to a server).";
  } catch {
    status.textContent = "The link is in the address bar: copy it from there.";
  }
}

// The case has changed since a link or a copy put it in the address: the address no longer shows it.
function dropCaseFromAddress() {
  if (holdsCase(location.hash)) history.replaceState(history.state, "", location.pathname + location.search);
  $("copy-link-status").textContent = "";
}

/** The local date and time, unambiguous: 2026-12-03 14:05 (UTC+01:00). */
function isoNow(now = new Date()) {
  const pad = (n) => String(Math.abs(n)).padStart(2, "0");
  const offset = -now.getTimezoneOffset();
  const zone = `UTC${offset < 0 ? "-" : "+"}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())} (${zone})`;
}

// "Copy for the record": the engine's note (case, card, every critical conclusion, references,
// content version), with the link to this plan and when it was copied.
async function copyRecord() {
  const status = $("copy-link-status");
  if (!state.shown.plan || result.dataset.plan === "stale") {
    status.textContent = "No plan to copy yet: complete the case first.";
    return;
  }
  const link = location.origin + location.pathname + linkOfCase(caseForm.read());
  const note = `${state.shown.record}Link to this plan: ${link}\nCopied ${isoNow()}.\n`;
  try {
    await navigator.clipboard.writeText(note);
    status.textContent = "Copied for the record: the case line, the card's conclusions and every critical one, with their references, the content version and the link.";
  } catch {
    status.textContent = "The browser refused the clipboard: use Print summary, or copy the plan by hand.";
  }
}

// A link pasted into the address of an open calculator replaces the case, after asking if the case
// on screen was edited by hand.
function onHashChange() {
  if (!holdsCase(location.hash)) return;
  if (state.reader.edited && !confirm("Replace the case in the form with the one in this link?")) return;
  startOver();
  showExample(null);
  openLink();
  evaluate();
}

const sameCase = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

function openLink() {
  const link = caseFromLink(location.hash);
  if (link.kind === "unreadable") {
    state.link.unread = true;
    showLinkAlert(`This link's case could not be read: ${link.reason}`);
  } else if (link.kind === "case") {
    const problems = caseForm.fill(link.data);
    state.link.errors = Object.fromEntries(problems.filter((p) => p.field).map((p) => [p.field, p.message]));
    state.link.unread = problems.length > 0;
    if (problems.length) {
      const marked = problems.some((p) => p.field);
      showLinkAlert(`What could not be read: ${problems.map((p) => (p.field ? `${caseForm.label(p.field)}: ${p.message}` : p.message)).join(" ")}`, marked);
    }
    for (const name of Object.keys(link.data)) state.reader.touched.add(name);
    state.reader.submitted = true; // a link is a case handed over whole: say at once what it lacks
    state.reader.revealPlan = !problems.length;
    const worked = workedCases.find((c) => sameCase(c.case, link.data));
    showExample(worked ? worked.title : null);
  }
  showState();
}

// --- wiring ------------------------------------------------------------------------------
function onInput(event) {
  const wrap = event.target.closest(".hg-field");
  if (!wrap) return;
  state.reader.editing = wrap.dataset.field;
  state.reader.edited = true;
  delete state.link.errors[wrap.dataset.field];
  state.link.unread = false; // the reader has taken the case over
  if (!Object.keys(state.link.errors).length) showLinkAlert(null);
  if (state.shown.example) showExample(null);
  if (state.shown.cleared) hideUndo();
  $("worked-case").value = "";
  caseForm.applyVisibility();
  dropCaseFromAddress();
  evaluate();
  showState();
}

function onLeaveField(event) {
  const wrap = event.target.closest(".hg-field");
  if (!wrap || wrap.contains(event.relatedTarget)) return;
  state.reader.touched.add(wrap.dataset.field);
  if (state.reader.editing === wrap.dataset.field) state.reader.editing = null;
  showState();
}

function onSubmit(event) {
  event.preventDefault();
  state.reader.submitted = true;
  state.reader.editing = null;
  showState();
  const invalid = caseForm.form.querySelector("[aria-invalid='true']");
  if (invalid) invalid.focus();
  else if (result.dataset.state === "pending") state.reader.revealPlan = true;
  else if (state.shown.plan) revealPlan();
}

function undoClear() {
  if (!state.shown.cleared) return;
  const { data, example: title } = state.shown.cleared;
  hideUndo();
  startOver();
  caseForm.fill(data);
  for (const name of Object.keys(data)) state.reader.touched.add(name);
  showExample(title);
  evaluate();
  showState();
}

function hideUndo() {
  state.shown.cleared = null;
  $("undo-clear").hidden = true;
}

function loadExample() {
  const chosen = workedCases.find((c) => c.id === $("worked-case").value);
  if (!chosen) return;
  startOver();
  caseForm.fill(chosen.case);
  showExample(chosen.title);
  state.reader.revealPlan = true;
  dropCaseFromAddress();
  evaluate();
  showState();
}

function clearCase() {
  state.shown.cleared = { data: caseForm.read(), example: state.shown.example };
  $("undo-clear").hidden = false;
  startOver();
  caseForm.fill({});
  showExample(null);
  $("worked-case").value = "";
  dropCaseFromAddress(); // the case leaves the address too
  evaluate();
  showState();
}

// Links within the page scroll to their target without touching the address, so #case= survives.
function keepCaseInAddress(event) {
  const link = event.target.closest && event.target.closest("a[href*='#']");
  if (!(link instanceof HTMLAnchorElement) || !holdsCase(location.hash)) return;
  const to = new URL(link.href); // instant navigation makes every link's address absolute
  if (to.origin + to.pathname + to.search !== location.origin + location.pathname + location.search || !to.hash) return;
  event.preventDefault();
  event.stopPropagation(); // nor does instant navigation, which would put the link's address in its place
  const target = document.getElementById(decodeURIComponent(to.hash.slice(1)));
  if (!target) return;
  target.scrollIntoView();
  if (!target.matches("a, button, input, select, textarea, [tabindex]")) target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
}

// --- one visit of the page ----------------------------------------------------------------
function attach(root) {
  calculator = root;
  result = $("result");
  planBody = $("plan-body");
  peek = $("plan-peek"); // on a phone the plan is below the form
  announcement = $("result-announcement");
  pageData = JSON.parse(calculator.dataset.page);
  workedCases = JSON.parse(calculator.dataset.workedCases);
  caseForm = new CaseForm($("case-form"));
  view = new PlanView({ words: (field, value) => caseForm.words(field, value) });
  loading = new LoadingStatus($("calc-stage"), $("calc-elapsed"), $("calc-progress"), $("calc-files"));
  Object.assign(state, visitState());
  if (!state.requests.inFlight) state.requests.lastSent = null; // this visit's page has no plan yet
  listeners = new AbortController();
  const signal = listeners.signal;

  calculator.dataset.scripts = "running"; // the page's inline watchdog stands down
  const form = caseForm.form;
  form.addEventListener("input", onInput); // every control fires "input" when its value changes
  form.addEventListener("focusout", onLeaveField);
  form.addEventListener("submit", onSubmit);
  $("load-example").addEventListener("click", loadExample);
  $("clear-case").addEventListener("click", clearCase);
  $("print-case").addEventListener("click", () => window.print());
  $("copy-link").addEventListener("click", copyLink);
  $("calc-retry").addEventListener("click", retry);
  peek.addEventListener("click", () => {
    state.reader.revealPlan = true;
    revealPlan();
  });
  $("copy-record").addEventListener("click", copyRecord);
  $("undo-clear").addEventListener("click", undoClear);
  addEventListener("scroll", placePeekSoon, { passive: true, signal });
  addEventListener("resize", placePeekSoon, { signal });
  document.addEventListener("click", keepCaseInAddress, { capture: true, signal });
  addEventListener("beforeprint", () => ($("print-date").textContent = isoNow()), { signal });
  addEventListener("hashchange", onHashChange, { signal });
  caseForm.fill({});
  // Back or Forward to this page (the history moved to it; a link followed anew comes with none):
  // the case the reader left, unless the address holds one.
  const left = state.left;
  const back = state.poppedTo === location.pathname + location.search;
  state.left = null;
  state.poppedTo = null;
  if (left && back && !holdsCase(location.hash)) {
    caseForm.fill(left.data);
    for (const name of Object.keys(left.data)) state.reader.touched.add(name);
    state.reader.edited = left.edited;
    showExample(left.example);
  }
  openLink();

  if (typeof WebAssembly !== "object") {
    fail("This browser has WebAssembly turned off (for example iOS Lockdown Mode, or a browser policy), and the calculator needs it.");
    return;
  }
  if (state.engine.failure) return showFailure();
  if (state.engine.ready) return showReady();
  loading.phase(state.engine.phase);
  if (!state.engine.worker) startWorker();
  watchForStall();
}

function detach() {
  if (state.reader.edited || state.shown.plan) state.left = { data: caseForm.read(), example: state.shown.example, edited: state.reader.edited };
  state.poppedTo = null; // a move within this page's history (its anchors) is not a return to it
  listeners.abort();
  clearInterval(state.engine.watch);
  cancelAnimationFrame(peekFrame);
  calculator = null;
}

// On each page the document shows: attach to a calculator page that is new, detach from one left.
function onPage() {
  const root = $("calculator");
  if (root === calculator) return;
  if (calculator) detach();
  if (root) attach(root);
}

// Another build's calculator page in this document (the site was updated while the reader read):
// load it whole, as without instant navigation, rather than run two builds' scripts side by side.
if (window.hgCalculatorModule && window.hgCalculatorModule !== import.meta.url) location.reload();
else {
  window.hgCalculatorModule = import.meta.url;
  addEventListener("popstate", () => (state.poppedTo = location.pathname + location.search));
  watchCache();
  onPage();
  // Material's pages, one per navigation (it replays the current one); on a warm start the
  // calculator page loads Material only after its first plan (boot.js), so after this.
  // Material puts a page in this document by replacing the container, a child of the body: seen at
  // once, the calculator attaches before the new page is first drawn (document$ comes after that).
  new MutationObserver(onPage).observe(document.body, { childList: true });
  const followPages = () => window.document$?.subscribe(onPage);
  if (window.document$) followPages();
  else document.addEventListener("hg:material-loaded", followPages, { once: true });
}
