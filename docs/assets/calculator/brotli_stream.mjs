// Pyodide's wasm ships brotli-compressed (build_scripts/calculator_assets.py), which no browser
// decodes for a page: brotli-dec-wasm's streaming decoder, as a stream the download is piped through,
// so that the wasm is decoded and compiled as it arrives. Its bindings are passed in (the worker
// imports the copy the build puts beside the runtime; the tests, the npm package's).

const OUTPUT_BYTES = 1 << 20; // at most this much decoded per call; more is taken by calling again

/**
 * @typedef {{ buf: Uint8Array, code: number, input_offset: number, free(): void }} StepResult
 * @typedef {{ BrotliDecStream: new () => { dec(input: Uint8Array, outputSize: number): StepResult, free(): void },
 *   BrotliStreamResultCode: { ResultSuccess: number, NeedsMoreOutput: number } }} Bindings
 */

/**
 * A TransformStream from brotli bytes to the decoded bytes; it errors on a damaged or cut-off stream.
 * @param {Bindings} bindings brotli-dec-wasm's, initialised
 * @returns {TransformStream<Uint8Array, Uint8Array>}
 */
export function brotliDecoding({ BrotliDecStream, BrotliStreamResultCode: codes }) {
  const decoder = new BrotliDecStream();
  let finished = false;
  return new TransformStream({
    transform(chunk, controller) {
      let input = chunk;
      for (;;) {
        if (finished) throw new Error("the brotli stream has bytes after its end");
        const step = decoder.dec(input, OUTPUT_BYTES); // throws on a damaged stream
        const { buf, code, input_offset: used } = step;
        step.free();
        if (buf.length) controller.enqueue(buf);
        input = input.subarray(used);
        finished = code === codes.ResultSuccess;
        if (code !== codes.NeedsMoreOutput && !(finished && input.length)) return;
      }
    },
    flush() {
      decoder.free();
      if (!finished) throw new Error("the brotli stream ends before its last block");
    },
  });
}
