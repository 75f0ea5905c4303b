/**
 * Two versions of an object's YAML lined up for a side-by-side viewer: equal
 * lines face each other, a run of removed lines faces the run of added lines
 * that replaced it ("changed"), and a side with nothing there gets a gap.
 * A longest-common-subsequence over lines after trimming the common start and
 * end; past MAX_CELLS (two very different, very long objects) the middle is
 * shown as replaced wholesale rather than spending seconds aligning it.
 */

export type SideKind = "same" | "changed" | "removed" | "added";

export interface SideCell {
  /** 1-based line number on that side. */
  line: number;
  text: string;
}

export interface SideRow {
  kind: SideKind;
  left: SideCell | null;
  right: SideCell | null;
}

/** Lines compared in the middle part at most (rows × columns of the table). */
export const MAX_CELLS = 4_000_000;

const linesOf = (text: string | null) => {
  if (text === null || text === "") return [];
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
};

type Op = { op: "same"; a: number; b: number } | { op: "del"; a: number } | { op: "ins"; b: number };

/** The edit script of a[from..] against b[from..], equal lines kept in order. */
function editScript(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ op: "same", a: i, b: i });
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_CELLS) {
    for (let i = start; i < endA; i++) ops.push({ op: "del", a: i });
    for (let j = start; j < endB; j++) ops.push({ op: "ins", b: j });
  } else {
    // lcs[i][j]: the longest common run of a[start+i..endA) and b[start+j..endB).
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] =
          a[start + i] === b[start + j]
            ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
            : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) {
        ops.push({ op: "same", a: start + i, b: start + j });
        i++;
        j++;
      } else if (j < m && (i >= n || (lcs[i * width + j + 1] ?? 0) >= (lcs[(i + 1) * width + j] ?? 0))) {
        ops.push({ op: "ins", b: start + j });
        j++;
      } else {
        ops.push({ op: "del", a: start + i });
        i++;
      }
    }
  }
  for (let k = 0; k < a.length - endA; k++) ops.push({ op: "same", a: endA + k, b: endB + k });
  return ops;
}

/** The rows of the viewer for `from` (left) and `to` (right); null is a side where the object is absent. */
export function sideBySide(from: string | null, to: string | null): SideRow[] {
  const a = linesOf(from);
  const b = linesOf(to);
  const cell = (lines: string[], i: number): SideCell => ({ line: i + 1, text: lines[i] ?? "" });
  const rows: SideRow[] = [];
  let dels: number[] = [];
  let inss: number[] = [];
  // A run of removals and insertions between equal lines is paired up row by row.
  const flush = () => {
    const pairs = Math.max(dels.length, inss.length);
    for (let k = 0; k < pairs; k++) {
      const left = k < dels.length ? cell(a, dels[k] ?? 0) : null;
      const right = k < inss.length ? cell(b, inss[k] ?? 0) : null;
      rows.push({ kind: left && right ? "changed" : left ? "removed" : "added", left, right });
    }
    dels = [];
    inss = [];
  };
  for (const op of editScript(a, b)) {
    if (op.op === "del") dels.push(op.a);
    else if (op.op === "ins") inss.push(op.b);
    else {
      flush();
      rows.push({ kind: "same", left: cell(a, op.a), right: cell(b, op.b) });
    }
  }
  flush();
  return rows;
}

/** How many rows differ, for the viewer's heading ("3 lines differ"). */
export const changedRows = (rows: readonly SideRow[]) => rows.filter((r) => r.kind !== "same").length;
