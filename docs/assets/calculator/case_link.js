// Reading a case from the address (#case=<JSON, percent-encoded>). A link that cannot be read is
// reported, never replaced by a guess: the caller shows why and evaluates nothing from it.

/** {kind: "none"} | {kind: "unreadable", reason} | {kind: "case", data} */
export function caseFromLink(hash) {
  if (!hash.startsWith("#case=")) return { kind: "none" };
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

export function linkOfCase(data) {
  return "#case=" + encodeURIComponent(JSON.stringify(data));
}
