// What the calculator's page (main.js) and its worker (worker.mjs) say to each other: every message
// each way, its one constructor, and the guard the receiving side reads it with. Only plain data
// crosses (structured clone); the case and the plan cross as JSON text, read by the engine's JSON API.

/** @param {unknown} data @returns {data is Record<string, unknown>} */
const isRecord = (data) => typeof data === "object" && data !== null;

// --- page -> worker ----------------------------------------------------------------------------

/**
 * A case to evaluate, as the JSON text of the form's fields. The worker answers each with one
 * "result" message, in order.
 * @typedef {{ type: "evaluate", caseText: string }} EvaluateRequest
 */

/** @param {string} caseText @returns {EvaluateRequest} */
export const evaluateRequest = (caseText) => ({ type: "evaluate", caseText });

/** @param {unknown} data @returns {data is EvaluateRequest} */
export const isEvaluateRequest = (data) =>
  isRecord(data) && data.type === "evaluate" && typeof data.caseText === "string";

// --- worker -> page ----------------------------------------------------------------------------

/**
 * A loading phase in plain words. `working`: nothing downloads meanwhile (the worker's thread may
 * block for seconds: the page counts the time itself).
 * @typedef {{ type: "progress", text: string, working?: boolean }} ProgressMessage
 */
/**
 * Bytes of one runtime file received so far; `total` is null when unknown (a compressed transfer).
 * @typedef {{ type: "download", file: string, received: number, total: number | null }} DownloadMessage
 */
/**
 * Loading failed for good; the message is plain words, without a trailing full stop.
 * @typedef {{ type: "fatal", message: string }} FatalMessage
 */
/**
 * This worker belongs to another build than the page: it starts nothing (the page offers a reload).
 * @typedef {{ type: "updated" }} UpdatedMessage
 */
/**
 * The engine runs. `snapshot`: it was restored from the memory snapshot (not started afresh);
 * `marks`: when each phase ended, in ms since the epoch (for the benchmark); `build`: the build of its
 * runtime and content (the page checks it is its own); `id`: this worker's own, made once.
 * @typedef {{ type: "ready", snapshot: boolean, marks: Record<string, number>, build: string, id: string }} ReadyMessage
 */
/**
 * The engine's answer to one EvaluateRequest: JSON text {ok, plan | errors}; `engineMs` is absent
 * when the engine itself failed (the text then holds a plain-words error).
 * @typedef {{ type: "result", text: string, engineMs?: number }} ResultMessage
 */
/** @typedef {ProgressMessage | DownloadMessage | FatalMessage | UpdatedMessage | ReadyMessage | ResultMessage} WorkerMessage */

export const workerMessage = {
  /** @param {string} text @param {boolean} [working] @returns {ProgressMessage} */
  progress: (text, working) => (working ? { type: "progress", text, working } : { type: "progress", text }),
  /** @param {string} file @param {number} received @param {number | null} total @returns {DownloadMessage} */
  download: (file, received, total) => ({ type: "download", file, received, total }),
  /** @param {string} message @returns {FatalMessage} */
  fatal: (message) => ({ type: "fatal", message }),
  /** @returns {UpdatedMessage} */
  updated: () => ({ type: "updated" }),
  /** @param {boolean} snapshot @param {Record<string, number>} marks @param {string} build @param {string} id @returns {ReadyMessage} */
  ready: (snapshot, marks, build, id) => ({ type: "ready", snapshot, marks, build, id }),
  /** @param {string} text @param {number} [engineMs] @returns {ResultMessage} */
  result: (text, engineMs) => (engineMs === undefined ? { type: "result", text } : { type: "result", text, engineMs }),
};

// Each message type's required fields and their types: what the page's guard checks.
/** @type {Record<WorkerMessage["type"], Record<string, string>>} */
const FIELDS = {
  progress: { text: "string" },
  download: { file: "string", received: "number" },
  fatal: { message: "string" },
  updated: {},
  ready: { snapshot: "boolean", marks: "object", build: "string", id: "string" },
  result: { text: "string" },
};

/** @param {unknown} data @returns {data is WorkerMessage} */
export function isWorkerMessage(data) {
  if (!isRecord(data) || typeof data.type !== "string" || !Object.hasOwn(FIELDS, data.type)) return false;
  return Object.entries(FIELDS[data.type]).every(([field, type]) => typeof data[field] === type && data[field] !== null);
}
