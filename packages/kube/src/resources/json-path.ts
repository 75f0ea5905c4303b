/**
 * The JSONPath subset CRDs use in additionalPrinterColumns: `.a.b`,
 * `.a[0].b`, `.a['x.y']`, `.a[*].b` (joined with commas) and a
 * `[?(@.type=="Ready")]` filter. Anything else prints as empty (kubectl
 * prints <invalid>); values are rendered as kubectl renders them.
 */

type Step =
  | { field: string }
  | { index: number }
  | { all: true }
  | { filter: { path: string[]; value: string } };

const TOKENS: readonly [RegExp, (m: RegExpExecArray) => Step][] = [
  [/^\.([A-Za-z0-9_-]+)/, (m) => ({ field: m[1] ?? "" })],
  [/^\[(\d+)\]/, (m) => ({ index: Number(m[1]) })],
  [/^\[\*\]/, () => ({ all: true })],
  [/^\['([^']+)'\]/, (m) => ({ field: m[1] ?? "" })],
  [
    /^\[\?\(@((?:\.[A-Za-z0-9_-]+)+)\s*==\s*["']([^"']*)["']\)\]/,
    (m) => ({ filter: { path: (m[1] ?? "").slice(1).split("."), value: m[2] ?? "" } }),
  ],
];

function parse(path: string): Step[] | undefined {
  const steps: Step[] = [];
  let rest = path.trim().replace(/^\{(.*)\}$/, "$1");
  if (rest.startsWith("$")) rest = rest.slice(1);
  while (rest.length) {
    const token = TOKENS.map(([re, make]) => [re.exec(rest), make] as const).find(([m]) => m);
    if (!token?.[0]) return undefined;
    steps.push(token[1](token[0]));
    rest = rest.slice(token[0][0].length);
  }
  return steps;
}

function render(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function evaluateJsonPath(object: unknown, path: string): string {
  const steps = parse(path);
  if (!steps) return "";
  let values: unknown[] = [object];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of values) {
      if ("field" in step) {
        if (v && typeof v === "object" && !Array.isArray(v))
          next.push((v as Record<string, unknown>)[step.field]);
      } else if ("index" in step) {
        if (Array.isArray(v)) next.push(v[step.index]);
      } else if (Array.isArray(v)) {
        if ("all" in step) next.push(...v);
        else
          next.push(
            ...v.filter((item) => {
              let x: unknown = item;
              for (const f of step.filter.path)
                x = x && typeof x === "object" ? (x as Record<string, unknown>)[f] : undefined;
              return render(x) === step.filter.value;
            }),
          );
      }
    }
    values = next.filter((x) => x !== undefined);
  }
  return values.map(render).join(",");
}
