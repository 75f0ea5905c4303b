/**
 * Functions that run inside the page (Playwright serializes them), so they
 * may use only what they are given and the DOM.
 */

/**
 * tsx (esbuild with keepNames) wraps named inner functions in `__name(...)`,
 * which the page does not define: an init script defines it as a no-op.
 */
export const KEEP_NAMES_SHIM = "globalThis.__name = (fn) => fn;";

/** Row selector of the pods table (apps/web/.../pods/pods-table.tsx puts data-pod on each <tr>). */
export const POD_ROWS = "tbody tr[data-pod]";

/**
 * Init script: notes `performance.now()` (ms since the navigation started)
 * when the first pod row enters the DOM, in `window.__benchFirstRowsAt`.
 */
export function recordFirstRows(selector: string) {
  const w = window as unknown as { __benchFirstRowsAt?: number };
  const observer = new MutationObserver(() => {
    if (w.__benchFirstRowsAt === undefined && document.querySelector(selector)) {
      w.__benchFirstRowsAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

export interface ScrollResult {
  /** requestAnimationFrame timestamps during the scroll. */
  frames: number[];
  /** Most pod rows in the DOM at any frame. */
  maxRows: number;
  /** Highest aria-rowindex seen (the last row of 10,000 is 10,001: the header is row 1). */
  maxRowIndex: number;
  scrolledTo: number;
  scrollMax: number;
}

/**
 * Scrolls the box down (its position follows the elapsed time, so a slow frame
 * skips ahead as a real fling would) for `seconds`, counting frames and rows.
 */
export function scrollAndCount(args: {
  scrollSelector: string;
  rowSelector: string;
  /** Scroll speed; or, with `reachEndAfter` (seconds), whatever speed reaches the bottom by then. */
  pxPerSecond: number;
  reachEndAfter?: number;
  seconds: number;
}): Promise<ScrollResult> {
  const box = document.querySelector(args.scrollSelector);
  if (!(box instanceof HTMLElement)) throw new Error(`no ${args.scrollSelector}`);
  box.scrollTop = 0;
  const scrollMax = box.scrollHeight - box.clientHeight;
  const speed = args.reachEndAfter ? scrollMax / args.reachEndAfter : args.pxPerSecond;
  return new Promise((resolve) => {
    const frames: number[] = [];
    let maxRows = 0;
    let maxRowIndex = 0;
    let start: number | null = null;
    const step = (t: number) => {
      start ??= t;
      frames.push(t);
      const rows = document.querySelectorAll(args.rowSelector);
      maxRows = Math.max(maxRows, rows.length);
      const last = rows[rows.length - 1];
      maxRowIndex = Math.max(maxRowIndex, Number(last?.getAttribute("aria-rowindex") ?? 0));
      const elapsed = t - start;
      box.scrollTop = Math.min(scrollMax, (elapsed / 1000) * speed);
      if (elapsed < args.seconds * 1000) requestAnimationFrame(step);
      else resolve({ frames, maxRows, maxRowIndex, scrolledTo: box.scrollTop, scrollMax });
    };
    requestAnimationFrame(step);
  });
}
