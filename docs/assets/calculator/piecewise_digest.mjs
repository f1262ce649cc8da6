// The worker's integrity check of a runtime file: the SHA-256 of the SHA-256s of its 256 KiB
// pieces, in order (build_scripts/runtime_manifest.py writes the build's values; this module is the
// JavaScript side of that one definition). Chromium's WebCrypto copies its whole input into fresh
// memory and hashes it on the calling thread, which is the worker's one thread: for the 9.6 MB wasm
// and the 12 MB snapshot of every start, that copy cost 2-3 times the hash itself. Pieces reuse the
// same memory. A file altered anywhere changes its piece's digest and so the whole (SHA-256 stays
// collision-resistant over a list of fixed-size digests).
export const PIECE = 1 << 18;
export const PREFIX = "sha256-pieces-";

/** @param {ArrayBuffer | Uint8Array<ArrayBuffer>} bytes */
export async function piecewiseDigest(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const pieces = [];
  for (let at = 0; at < view.length; at += PIECE) pieces.push(crypto.subtle.digest("SHA-256", view.subarray(at, at + PIECE)));
  const joined = new Uint8Array(32 * pieces.length);
  (await Promise.all(pieces)).forEach((digest, i) => joined.set(new Uint8Array(digest), 32 * i));
  return PREFIX + btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest("SHA-256", joined))));
}
