// What the calculator's loading is doing, told truthfully: the stage, and for each runtime file the
// bytes received so far and its size (when the server says it); the bar follows the bytes.
import { el } from "./plan_view.js";

const MB = 1024 * 1024;
const size = (bytes, of) => (of >= MB / 10 ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

export class LoadingStatus {
  constructor(stage, bar, list) {
    Object.assign(this, { stage, bar, list });
    this.files = new Map(); // file -> {received, total, row}
  }

  show(text, fraction) {
    this.stage.textContent = text;
    this.advance(fraction);
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
    if (expected) this.advance(0.9 * (bytes / expected)); // the last tenth: starting Python and the engine
  }

  done() {
    this.bar.value = this.bar.max;
    this.list.replaceChildren();
    this.files.clear();
  }
}
