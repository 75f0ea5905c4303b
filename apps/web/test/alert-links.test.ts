import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { webHref } from "@clustercord/alerts";
import { describe, expect, it } from "vitest";
import { areaOf, navAreas } from "../src/components/shell/areas";

// The alerts engine links each notification (web center and Discord) to webHref(resource): every
// such address must be a page of this app, or the notification center's link opens a 404.

const app = fileURLToPath(new URL("../src/app", import.meta.url));

/** The app directory's page for a path, matching `[param]` folders as Next does; null when none. */
function pageFor(pathname: string): string | null {
  let dir = app;
  for (const part of pathname.split("/").filter(Boolean)) {
    const entries = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
    const exact = entries.find((e) => e.name === decodeURIComponent(part));
    const param = entries.find((e) => /^\[[^.\]]+\]$/.test(e.name));
    const next = exact ?? param;
    if (!next) return null;
    dir = path.join(dir, next.name);
  }
  const page = path.join(dir, "page.tsx");
  return existsSync(page) ? path.relative(app, page) : null;
}

describe("alert links", () => {
  it.each([
    [
      { cluster: "c1", kind: "Pod", namespace: "shop", name: "api-7d9" },
      "clusters/[clusterId]/namespaces/[namespace]/pods/[pod]/page.tsx",
    ],
    [
      { cluster: "c1", kind: "Deployment", namespace: "shop", name: "api" },
      "clusters/[clusterId]/resources/[kind]/[name]/page.tsx",
    ],
    [
      { cluster: "c1", kind: "StatefulSet", namespace: "shop", name: "db" },
      "clusters/[clusterId]/resources/[kind]/[name]/page.tsx",
    ],
    [
      { cluster: "c1", kind: "Job", namespace: "etl", name: "nightly" },
      "clusters/[clusterId]/resources/[kind]/[name]/page.tsx",
    ],
    [
      { cluster: "c1", kind: "Node", namespace: null, name: "node-1" },
      "clusters/[clusterId]/resources/[kind]/[name]/page.tsx",
    ],
  ])("%o opens %s", (resource, page) => {
    const href = webHref(resource);
    const [pathname = "", query] = href.split("?");
    expect(pageFor(pathname)).toBe(page);
    // Namespaced objects carry their namespace, which the detail page reads from the query.
    if (resource.kind !== "Pod" && resource.namespace)
      expect(new URLSearchParams(query).get("namespace")).toBe(resource.namespace);
    // The kind segment is the resource browser's plural key ("deployments", "nodes").
    if (resource.kind !== "Pod") expect(pathname.split("/")[4]).toBe(`${resource.kind.toLowerCase()}s`);
  });

  it("has an Alerts page in the cluster navigation, reached with g !", () => {
    const alerts = navAreas({ clusterId: "c1", role: "viewer" }).find((a) => a.id === "alerts");
    expect(alerts).toMatchObject({ href: "/clusters/c1/alerts", key: "!", group: "cluster" });
    expect(pageFor(alerts?.href ?? "")).toBe("clusters/[clusterId]/alerts/page.tsx");
    expect(areaOf("/clusters/c1/alerts")).toBe("alerts");
    expect(navAreas({ clusterId: null, role: "admin" }).some((a) => a.id === "alerts")).toBe(false);
  });
});
