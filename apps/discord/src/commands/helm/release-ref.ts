import type { HelmRelease } from "@clustercord/contracts";
import { UserError } from "../../user-error";

/**
 * Pure helpers for naming releases and namespaces in /helm options: people
 * type `namespace/release` or just the release, which is looked up among the
 * releases they can see.
 */

export interface ReleaseTarget {
  namespace: string;
  release: string;
}

/** `namespace/release` split; a bare name has no namespace. */
export function parseReleaseOption(text: string): { namespace: string | null; release: string } {
  const trimmed = text.trim();
  const slash = trimmed.indexOf("/");
  if (slash === -1) return { namespace: null, release: trimmed };
  return { namespace: trimmed.slice(0, slash).trim(), release: trimmed.slice(slash + 1).trim() };
}

/**
 * The one release `typed` names among `releases` (what helm.releases showed
 * the person), with `namespace` (an option) narrowing a bare name. Several
 * matches or none: a message saying which, naming no release the person cannot see.
 */
export function pickRelease(
  releases: readonly Pick<HelmRelease, "name" | "namespace">[],
  typed: string,
  namespace?: string | null,
): ReleaseTarget {
  const parsed = parseReleaseOption(typed);
  if (!parsed.release)
    throw new UserError("Say which release: `release:<name>` or `release:<namespace>/<name>`.");
  const ns = parsed.namespace || namespace?.trim() || null;
  if (ns) return { namespace: ns, release: parsed.release };
  const matches = releases.filter((r) => r.name === parsed.release);
  const [only] = matches;
  if (only && matches.length === 1) return { namespace: only.namespace, release: only.name };
  if (matches.length > 1) {
    const where = matches.map((m) => `${m.namespace}/${m.name}`).slice(0, 10);
    throw new UserError(
      `There is a release ${parsed.release} in ${matches.length} namespaces: say which with release:<namespace>/<name> (${where.join(", ")}).`,
    );
  }
  throw new UserError(
    `No release named ${parsed.release} in your namespaces. See yours with /helm list, or give release:<namespace>/<name>.`,
  );
}

/** Where an install goes when no namespace is given: "default" when the person may use it, else their only one. */
export function defaultNamespace(namespaces: readonly string[]): string {
  if (namespaces.includes("default")) return "default";
  const [only] = namespaces;
  if (only && namespaces.length === 1) return only;
  throw new UserError(
    namespaces.length
      ? `Say which namespace with namespace: (yours: ${namespaces.slice(0, 10).join(", ")}${namespaces.length > 10 ? ", …" : ""}).`
      : "You have no namespace on this cluster to install into; ask an admin for one.",
  );
}

/** A release name from a chart reference (`repo/chart` -> `chart`), as `helm install --generate-name` would not. */
export function releaseNameFor(chartRef: string): string {
  const chart = chartRef.slice(chartRef.lastIndexOf("/") + 1).toLowerCase();
  return chart
    .replaceAll(/[^a-z0-9-]+/g, "-")
    .replaceAll(/^-+|-+$/g, "")
    .slice(0, 53)
    .replace(/-+$/, "");
}
