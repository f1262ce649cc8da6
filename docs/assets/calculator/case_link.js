// A case in the address, after "#" (browsers never send the fragment to a server). A link that
// cannot be read is reported, never replaced by a guess: the caller shows why and evaluates nothing.
//
// Version 1, what "Copy link" writes: #v1&age=70&sex=female&neurological_deficit=true&
// aggressive_features=bony_expansion,&... Each field once, its value typed by its form: a number
// in digits, true or false, a list ending in "," (an empty list is ","), any other text a string.
// Links written before it (#case= and percent-encoded JSON) keep opening.

const VERSION = "v1";
const NUMBER = /^-?\d+(\.\d+)?$/;

/** @typedef {{kind: "none"} | {kind: "unreadable", reason: string} | {kind: "case", data: Record<string, unknown>}} LinkRead */

/** @param {string} text @returns {unknown} */
function valueOf(text) {
  if (text.endsWith(",")) return text === "," ? [] : text.slice(0, -1).split(",");
  if (text === "true" || text === "false") return text === "true";
  return NUMBER.test(text) ? Number(text) : text;
}

/** @param {unknown} value @returns {string} */
function textOf(value) {
  if (Array.isArray(value)) return value.length ? value.join(",") + "," : ",";
  return String(value);
}

/** @param {string} hash @returns {LinkRead} */
function fromVersioned(hash) {
  const [version, ...pairs] = hash.slice(1).split("&");
  if (version !== VERSION) return { kind: "unreadable", reason: `this link is written in a format this calculator does not read (${version.slice(0, 12)}); open it in the current calculator, or enter the case.` };
  /** @type {Record<string, unknown>} */
  const data = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    let name, text;
    try {
      name = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
      text = at < 0 ? null : decodeURIComponent(pair.slice(at + 1));
    } catch {
      return { kind: "unreadable", reason: "the case in this link is wrongly encoded (it is not percent-encoded text)." };
    }
    if (text === null || !name) return { kind: "unreadable", reason: `the case in this link is cut short or damaged (“${pair.slice(0, 40)}” has no value).` };
    if (Object.hasOwn(data, name)) return { kind: "unreadable", reason: `the link gives “${name.slice(0, 40)}” twice.` };
    data[name] = valueOf(text);
  }
  return { kind: "case", data };
}

/** @param {string} hash @returns {LinkRead} */
function fromJson(hash) {
  let text;
  try {
    text = decodeURIComponent(hash.slice("#case=".length));
  } catch {
    return { kind: "unreadable", reason: "the case in this link is wrongly encoded (it is not percent-encoded text)." };
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: "unreadable", reason: "the case in this link is cut short or damaged (it is not complete JSON)." };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { kind: "unreadable", reason: `the link holds no case (it gives ${text.length > 40 ? "a value" : JSON.stringify(data)} instead of the case's fields).` };
  }
  return { kind: "case", data };
}

/** Does this address fragment hold a case (in any version)? @param {string} hash */
export function holdsCase(hash) {
  return hash.startsWith("#case=") || /^#v\d+(&|$)/.test(hash);
}

/** @param {string} hash @returns {LinkRead} */
export function caseFromLink(hash) {
  if (hash.startsWith("#case=")) return fromJson(hash);
  if (/^#v\d+(&|$)/.test(hash)) return fromVersioned(hash);
  return { kind: "none" };
}

/** The case as a version-1 fragment; fields not entered (null) are left out. @param {Record<string, unknown>} data */
export function linkOfCase(data) {
  const pairs = Object.entries(data)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(textOf(value)).replace(/%2C/g, ",")}`);
  return `#${VERSION}${pairs.map((p) => "&" + p).join("")}`;
}
