/**
 * Kubernetes label selectors (the string form `kubectl -l` takes), parsed
 * and matched in process so list pages can filter the shared cache: `a=b`,
 * `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`, comma-joined
 * (k8s.io/apimachinery/pkg/labels, simplified: the same grammar, no
 * numeric operators).
 */

export type Requirement =
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: readonly string[] }
  | { key: string; op: "exists" | "!exists" };

export class LabelSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LabelSelectorError";
  }
}

const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function checkKey(key: string): string {
  if (!KEY.test(key) || key.length > 317) throw new LabelSelectorError(`"${key}" is not a label key`);
  return key;
}
function checkValue(value: string): string {
  if (!VALUE.test(value) || value.length > 63)
    throw new LabelSelectorError(`"${value}" is not a label value`);
  return value;
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
    if (depth < 0 || depth > 1) throw new LabelSelectorError("unbalanced parentheses");
  }
  if (depth !== 0) throw new LabelSelectorError("unbalanced parentheses");
  terms.push(selector.slice(start));
  return terms.map((t) => t.trim());
}

/** Parses a selector; an empty one selects everything. Throws LabelSelectorError naming the bad part. */
export function parseLabelSelector(selector: string): Requirement[] {
  if (!selector.trim()) return [];
  return splitTerms(selector).map((term): Requirement => {
    if (!term) throw new LabelSelectorError("empty requirement (two commas in a row?)");
    const set = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(term);
    if (set) {
      const values = (set[3] ?? "").split(",").map((v) => checkValue(v.trim()));
      return { key: checkKey(set[1] ?? ""), op: set[2] as "in" | "notin", values };
    }
    const cmp = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (cmp) {
      return {
        key: checkKey(cmp[1] ?? ""),
        op: cmp[2] === "!=" ? "!=" : "=",
        value: checkValue(cmp[3] ?? ""),
      };
    }
    if (term.startsWith("!")) return { key: checkKey(term.slice(1).trim()), op: "!exists" };
    if (/^\S+$/.test(term)) return { key: checkKey(term), op: "exists" };
    throw new LabelSelectorError(`cannot read "${term}"`);
  });
}

/** Whether `labels` satisfy every requirement. */
export function matchesLabels(
  requirements: readonly Requirement[],
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const all = labels ?? {};
  return requirements.every((r) => {
    const has = Object.hasOwn(all, r.key);
    const value = all[r.key];
    switch (r.op) {
      case "=":
        return has && value === r.value;
      case "!=":
        return !has || value !== r.value;
      case "in":
        return has && r.values.includes(value ?? "");
      case "notin":
        return !has || !r.values.includes(value ?? "");
      case "exists":
        return has;
      default:
        return !has; // "!exists"
    }
  });
}

/** Whether a map selector (a Service's spec.selector, matchLabels) selects `labels`; an empty map selects nothing. */
export function selectsLabels(
  selector: Readonly<Record<string, string>> | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels?.[k] === v);
}
