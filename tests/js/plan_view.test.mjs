// The plan view's DOM-free helper (the rest of plan_view.js builds DOM nodes: the browser tests).
import assert from "node:assert/strict";
import { test } from "node:test";
import { plural } from "../../docs/assets/calculator/plan_view.js";

test("a count is said with its noun in the right number", () => {
  assert.equal(plural(0, "warning", "warnings"), "0 warnings");
  assert.equal(plural(1, "warning", "warnings"), "1 warning");
  assert.equal(plural(2, "next action", "next actions"), "2 next actions");
});
