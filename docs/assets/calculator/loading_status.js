// What the calculator's loading is doing, told truthfully: the current start-up phase with the seconds
// it has taken so far (the page counts them, since the worker may be blocked while Python starts),
// and for each runtime file the bytes received so far and its size (when the server says it). The
// bar follows the bytes only: a phase is a named step, never a made-up percentage.
import { el } from "./plan_view.js";

const MB = 1024 * 1024;
const size = (bytes, of) => (of >= MB / 10 ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

export class LoadingStatus {
  /**
   * @param {HTMLElement} stage the phase's sentence
   * @param {HTMLElement} elapsed its seconds so far
   * @param {HTMLProgressElement} bar the bytes received of those expected
   * @param {HTMLElement} list one row per runtime file
   */
  constructor(stage, elapsed, bar, list) {
    this.stage = stage;
    this.elapsed = elapsed;
    this.bar = bar;
    this.list = list;
    this.files = new Map(); // file -> {received, total, row}
    this.phaseText = null; // the phase running now, and since when (performance.now())
    this.phaseSince = 0;
  }

  /** A phase of loading begins: its name, then the seconds it has taken (see tick). */
  phase(text) {
    if (text === this.phaseText) return; // the same phase, still running
    this.stage.textContent = this.phaseText = text;
    this.phaseSince = performance.now();
    this.tick();
  }

  /** Loading has ended (ready, or failed): a final sentence, no counter. */
  show(text) {
    this.stage.textContent = text;
    this.phaseText = null;
    this.elapsed.textContent = "";
  }

  /** The current phase's seconds so far; called at least every second. */
  tick() {
    if (this.phaseText !== null) this.elapsed.textContent = `${Math.floor((performance.now() - this.phaseSince) / 1000)} s`;
  }

  advance(fraction) {
    if (fraction > this.bar.value) this.bar.value = fraction; // never backwards
  }

  /** A chunk of a runtime file arrived (received bytes so far; total null when unknown). */
  download(file, received, total) {
    let entry = this.files.get(file);
    if (!entry) {
      entry = { received: 0, total, row: el("li", {}) };
      this.files.set(file, entry);
      this.list.append(entry.row);
    }
    entry.received = received;
    entry.total = total ?? entry.total;
    entry.row.textContent = entry.total
      ? `${file}: ${size(entry.received, entry.total).split(" ")[0]} of ${size(entry.total, entry.total)}`
      : `${file}: ${size(entry.received, entry.received)} received`;
    const known = [...this.files.values()].filter((f) => f.total);
    const bytes = known.reduce((sum, f) => sum + Math.min(f.received, f.total), 0);
    const expected = known.reduce((sum, f) => sum + f.total, 0);
    if (expected) this.advance(bytes / expected);
  }

  done() {
    this.bar.value = this.bar.max;
    this.list.replaceChildren();
    this.files.clear();
  }
}
