import type { Crumb } from "@clustercord/ui";

export type AreaId =
  | "dashboard"
  | "clusters"
  | "overview"
  | "pods"
  | "resources"
  | "jobs"
  | "snapshots"
  | "helm"
  | "apply"
  | "policies"
  | "health"
  | "alerts"
  | "cost"
  | "servers"
  | "roles"
  | "secrets"
  | "audit"
  | "notifications"
  | "settings";

export type Area = {
  id: AreaId;
  label: string;
  href: string;
  /** The key after `g` that moves here (a letter, or `$` for Cost and `!` for Alerts; `e` for hEalth, h being Helm's). */
  key: string;
  group: "home" | "cluster" | "server";
};

type Role = "admin" | "operator" | "viewer";

/**
 * The feature areas the sidebar lists and `g <letter>` reaches: the cluster
 * ones only once a cluster is current, Audit only for admins.
 */
export function navAreas({ clusterId, role }: { clusterId: string | null; role: Role | null }): Area[] {
  const cluster = clusterId ? `/clusters/${encodeURIComponent(clusterId)}` : null;
  const areas: (Area | null)[] = [
    { id: "dashboard", label: "Dashboard", href: "/dashboard", key: "d", group: "home" },
    { id: "clusters", label: "Clusters", href: "/clusters", key: "c", group: "home" },
    cluster ? { id: "overview", label: "Overview", href: cluster, key: "o", group: "cluster" } : null,
    cluster ? { id: "pods", label: "Pods", href: `${cluster}/pods`, key: "p", group: "cluster" } : null,
    cluster
      ? { id: "resources", label: "Resources", href: `${cluster}/resources`, key: "r", group: "cluster" }
      : null,
    cluster ? { id: "jobs", label: "Jobs", href: `${cluster}/jobs`, key: "j", group: "cluster" } : null,
    cluster
      ? { id: "snapshots", label: "Snapshots", href: `${cluster}/snapshots`, key: "b", group: "cluster" }
      : null,
    cluster ? { id: "helm", label: "Helm", href: `${cluster}/helm`, key: "h", group: "cluster" } : null,
    cluster ? { id: "apply", label: "Apply", href: `${cluster}/apply`, key: "y", group: "cluster" } : null,
    cluster
      ? { id: "policies", label: "Policies", href: `${cluster}/policies`, key: "i", group: "cluster" }
      : null,
    cluster ? { id: "health", label: "Health", href: `${cluster}/health`, key: "e", group: "cluster" } : null,
    cluster ? { id: "alerts", label: "Alerts", href: `${cluster}/alerts`, key: "!", group: "cluster" } : null,
    cluster ? { id: "cost", label: "Cost", href: `${cluster}/cost`, key: "$", group: "cluster" } : null,
    { id: "servers", label: "Servers", href: "/guilds", key: "s", group: "server" },
    { id: "roles", label: "Roles", href: "/roles", key: "l", group: "server" },
    { id: "secrets", label: "Secrets", href: "/secrets", key: "v", group: "server" },
    role === "admin" ? { id: "audit", label: "Audit", href: "/audit", key: "a", group: "server" } : null,
    { id: "notifications", label: "Notifications", href: "/notifications", key: "n", group: "server" },
    { id: "settings", label: "Settings", href: "/settings/notifications", key: "t", group: "server" },
  ];
  return areas.filter((a): a is Area => a !== null);
}

/** Which area a path belongs to (the sidebar marks it). */
export function areaOf(pathname: string): AreaId | null {
  const parts = pathname.split("/").filter(Boolean);
  const [first, , third] = parts;
  if (first === "clusters") {
    if (parts.length === 1) return "clusters";
    if (parts.length === 2) return "overview";
    if (third === "pods" || third === "namespaces") return "pods";
    if (third === "resources") return "resources";
    if (third === "jobs") return "jobs";
    if (third === "snapshots") return "snapshots";
    if (third === "helm") return "helm";
    if (third === "apply") return "apply";
    if (third === "policies") return "policies";
    if (third === "health") return "health";
    if (third === "alerts") return "alerts";
    if (third === "cost") return "cost";
    return "clusters";
  }
  if (first === "guilds") return "servers";
  if (first === "settings") return "settings";
  const direct: Record<string, AreaId> = {
    dashboard: "dashboard",
    roles: "roles",
    secrets: "secrets",
    audit: "audit",
    notifications: "notifications",
  };
  return first ? (direct[first] ?? null) : null;
}

const settingsPages: Record<string, string> = { notifications: "Notifications" };

/**
 * The breadcrumb trail for a path: the areas above this page as links, this
 * page last. `clusterName` stands in for the cluster's id once it is known.
 */
export function breadcrumbTrail(pathname: string, clusterName: string | null): Crumb[] {
  const parts = pathname.split("/").filter(Boolean).map(safeDecode);
  const [first, second, third, fourth, fifth, sixth] = parts;
  switch (first) {
    case "dashboard":
      return [{ label: "Dashboard" }];
    case "guilds":
      return [{ label: "Servers" }];
    case "roles":
      return [{ label: "Roles" }];
    case "audit":
      return [{ label: "Audit" }];
    case "notifications":
      return second === "confirm"
        ? [{ label: "Notifications", href: "/notifications" }, { label: "Confirm email" }]
        : [{ label: "Notifications" }];
    case "settings":
      return [{ label: "Settings" }, { label: settingsPages[second ?? ""] ?? second ?? "" }].filter(
        (c) => c.label !== "",
      );
    case "clusters": {
      const trail: Crumb[] = [{ label: "Clusters", href: "/clusters" }];
      if (!second) return trail;
      const base = `/clusters/${encodeURIComponent(second)}`;
      trail.push({ label: clusterName ?? second, href: base });
      if (third === "pods") trail.push({ label: "Pods", href: `${base}/pods` });
      if (third === "namespaces" && fourth && fifth === "pods") {
        trail.push({ label: "Pods", href: `${base}/pods?namespace=${encodeURIComponent(fourth)}` });
        trail.push({ label: fourth, href: `${base}/pods?namespace=${encodeURIComponent(fourth)}` });
        if (sixth) trail.push({ label: sixth });
      }
      if (third === "resources") {
        trail.push({ label: "Resources", href: `${base}/resources` });
        if (fourth) trail.push({ label: fourth, href: `${base}/resources/${encodeURIComponent(fourth)}` });
        if (fifth) trail.push({ label: fifth });
      }
      if (third === "helm") trail.push(...helmCrumbs(`${base}/helm`, parts.slice(3)));
      if (third === "jobs") trail.push({ label: "Jobs" });
      if (third === "apply") trail.push({ label: "Apply" });
      if (third === "policies") trail.push({ label: "Policies" });
      if (third === "health") trail.push({ label: "Health" });
      if (third === "alerts") trail.push({ label: "Alerts" });
      if (third === "cost") trail.push({ label: "Cost" });
      // The last crumb is this page: it is not a link.
      const last = trail[trail.length - 1];
      if (last) trail[trail.length - 1] = { label: last.label };
      return trail;
    }
    default:
      return [];
  }
}

/** Under a cluster's Helm area: Helm, then the search, blueprints, a chart or a release. */
function helmCrumbs(helm: string, rest: string[]): Crumb[] {
  const [page, a, b] = rest;
  const trail: Crumb[] = [{ label: "Helm", href: helm }];
  if (page === "search") trail.push({ label: "Search" });
  if (page === "blueprints") trail.push({ label: "Blueprints" });
  if (page === "charts" && a && b) {
    trail.push({ label: "Search", href: `${helm}/search` });
    trail.push({ label: `${a}/${b}` });
  }
  if (page === "releases" && a && b)
    trail.push({ label: a, href: `${helm}?namespace=${encodeURIComponent(a)}` }, { label: b });
  return trail;
}

function safeDecode(part: string) {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
