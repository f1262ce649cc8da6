// The #case= fragment: a case survives the round trip, and a link that cannot be read says why.
import assert from "node:assert/strict";
import { test } from "node:test";
import { caseFromLink, holdsCase, linkOfCase } from "../../docs/assets/calculator/case_link.js";

const CASE = { age: 66, sex: "male", level: "T6", pain: "present", aggressive_features: ["bony_expansion"], note: "50% & #, é" };

test("a case comes back from its link unchanged, and the link is percent-encoded text", () => {
  const link = linkOfCase(CASE);
  assert.match(link, /^#v1(&[A-Za-z0-9%\-_.!~*'(),]+=[A-Za-z0-9%\-_.!~*'(),]*)*$/);
  assert.deepEqual(caseFromLink(link), { kind: "case", data: CASE });
  assert.ok(holdsCase(link));
});

test("lists, booleans and numbers keep their kind; a field not entered is left out", () => {
  const data = { aggressive_features: [], one: ["bony_expansion"], osteoporosis: false, inr: 2.6, level: "T8" };
  assert.deepEqual(caseFromLink(linkOfCase({ ...data, instability: null })), { kind: "case", data });
});

test("the issue's long case fits in 200 characters", () => {
  const long = { age: 70, sex: "female", level: "T8", pain: "refractory", neurological_deficit: true, cancer_history: true,
    osteoporosis: true, antithrombotic: "apixaban", creatinine_clearance: 35 };
  assert.ok(linkOfCase(long).length <= 200, linkOfCase(long));
});

test("a link already shared as #case= JSON keeps opening", () => {
  assert.deepEqual(caseFromLink("#case=" + encodeURIComponent(JSON.stringify(CASE))), { kind: "case", data: CASE });
});

test("a newer format, a field given twice or a field without a value is unreadable, with the reason", () => {
  /** @type {[string, RegExp][]} */
  const links = [
    ["#v2&age=70", /format this calculator does not read \(v2\)/],
    ["#v1&age=70&age=71", /gives “age” twice/],
    ["#v1&age", /cut short or damaged/],
    ["#v1&age=%E0%A4%A", /wrongly encoded/],
  ];
  for (const [hash, reason] of links) {
    const read = caseFromLink(hash);
    assert.equal(read.kind, "unreadable", hash);
    assert.match(read.reason ?? "", reason);
  }
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
