// What the site's classic scripts put on the page's globals, and the browser properties they read
// that TypeScript's DOM library does not declare yet (for tsc's checkJs; nothing is compiled).
interface Window {
  /** boot.js: the calculator's worker, started early (on the calculator page, or on any page once idle), handed over to main.js. */
  hgCalculatorBoot?: {
    worker: Worker | null;
    createdAt: number;
    start(): Worker | null;
    /** Loads the scripts the calculator page holds while its engine starts (Material's and the site's after it). */
    releaseHeld(): void;
    takeOver(onMessage: (event: MessageEvent) => void, onError: (event: Event) => void): void;
  };
  /** main.js: the address of the calculator module running in this document. */
  hgCalculatorModule?: string;
  /** Material for MkDocs: the document of each page shown (instant navigation), replaying the current one. */
  document$?: { subscribe(next: () => void): unknown };
  /** register.js: a reload after a new build took over is under way. */
  __hgReloading?: boolean;
  /** boot.js: the address of this page's build of the calculator's worker. */
  hgWorkerURL?: URL;
  /** worker_confinement.js (in a worker's global scope): confines the worker, then withdraws itself. */
  hgConfineWorker?: (who: string) => void;
}

interface Navigator {
  /** The Network Information API (Chromium only). */
  connection?: { saveData?: boolean; effectiveType?: string };
}
