// The page-worker protocol: every message each side makes is one the other side accepts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateRequest, isEvaluateRequest, isWorkerMessage, workerMessage } from "../../docs/assets/calculator/worker_protocol.js";

test("a case to evaluate crosses as its JSON text, and only such a request is evaluated", () => {
  const request = evaluateRequest('{"age": 60}');
  assert.deepEqual(request, { type: "evaluate", caseText: '{"age": 60}' });
  assert.ok(isEvaluateRequest(structuredClone(request)));
  for (const other of [null, "text", { caseText: "{}" }, { type: "evaluate", caseText: 1 }, { type: "result", text: "{}" }]) {
    assert.equal(isEvaluateRequest(other), false, JSON.stringify(other));
  }
});

test("every message the worker makes is one the page accepts, after the structured clone", () => {
  const made = [
    workerMessage.progress("Loading…"),
    workerMessage.progress("Compiling…", true),
    workerMessage.download("pyodide.asm.wasm", 10, null),
    workerMessage.download("python_stdlib.zip", 10, 20),
    workerMessage.fatal("a file is missing"),
    workerMessage.updated(),
    workerMessage.ready(true, { "worker-start": 3 }, "0123456789abcdef", "a-worker-id"),
    workerMessage.result('{"ok": true}', 1.5),
    workerMessage.result('{"ok": false}'),
  ];
  for (const message of made) assert.ok(isWorkerMessage(structuredClone(message)), JSON.stringify(message));
  assert.equal(workerMessage.progress("Loading…").working, undefined); // only a working phase says so
  assert.equal("engineMs" in workerMessage.result("{}"), false); // an internal error has no engine time
});

test("the page ignores what is not a message of the protocol", () => {
  const foreign = [null, 7, "ready", {}, { type: "plan", text: "{}" }, { type: "result" }, { type: "ready", snapshot: "yes", marks: {} }, { type: "ready", snapshot: true, marks: null }];
  for (const message of foreign) assert.equal(isWorkerMessage(message), false, JSON.stringify(message));
});
