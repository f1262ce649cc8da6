// The #case= fragment: a case survives the round trip, and a link that cannot be read says why.
import assert from "node:assert/strict";
import { test } from "node:test";
import { caseFromLink, linkOfCase } from "../../docs/assets/calculator/case_link.js";

const CASE = { age: 66, sex: "male", level: "T6", pain: "present", aggressive_features: ["bony_expansion"], note: "50% & #, é" };

test("a case comes back from its link unchanged, and the link is percent-encoded text", () => {
  const link = linkOfCase(CASE);
  assert.match(link, /^#case=[A-Za-z0-9%\-_.!~*'()]*$/);
  assert.deepEqual(caseFromLink(link), { kind: "case", data: CASE });
});

test("an address without a case is no case, not an error", () => {
  assert.deepEqual(caseFromLink(""), { kind: "none" });
  assert.deepEqual(caseFromLink("#results"), { kind: "none" });
});

test("a wrongly encoded, cut or non-object link is unreadable, with the reason", () => {
  /** @type {[string, RegExp][]} */
  const links = [
    ["#case=%E0%A4%A", /wrongly encoded/],
    ["#case=" + encodeURIComponent('{"age": 6'), /cut short or damaged/],
    ["#case=" + encodeURIComponent("[1, 2]"), /holds no case \(it gives \[1,2\]/],
    ["#case=null", /holds no case \(it gives null/],
    ["#case=" + encodeURIComponent(JSON.stringify("x".repeat(50))), /holds no case \(it gives a value instead/],
  ];
  for (const [hash, reason] of links) {
    const read = caseFromLink(hash);
    assert.equal(read.kind, "unreadable", hash);
    assert.match(read.reason ?? "", reason);
  }
});
