import { describe, expect, it } from "vitest";
import { areaOf, breadcrumbTrail, navAreas } from "../src/components/shell/areas";

describe("navAreas: what the sidebar lists and `g <letter>` reaches", () => {
  it("lists the cluster areas only once a cluster is current, and Audit only for admins", () => {
    const viewer = navAreas({ clusterId: null, role: "viewer" }).map((a) => a.id);
    expect(viewer).toEqual([
      "dashboard",
      "clusters",
      "servers",
      "roles",
      "secrets",
      "notifications",
      "settings",
    ]);
    const admin = navAreas({ clusterId: "c 1", role: "admin" });
    expect(admin.map((a) => a.id)).toContain("audit");
    expect(admin.find((a) => a.id === "pods")?.href).toBe("/clusters/c%201/pods");
    expect(admin.find((a) => a.id === "overview")?.href).toBe("/clusters/c%201");
  });

  it("gives every area its own letter", () => {
    const keys = navAreas({ clusterId: "c", role: "admin" }).map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("areaOf: which sidebar entry a page belongs to", () => {
  it.each([
    ["/dashboard", "dashboard"],
    ["/clusters", "clusters"],
    ["/clusters/abc", "overview"],
    ["/clusters/abc/pods", "pods"],
    ["/clusters/abc/namespaces/shop/pods/web-1", "pods"],
    ["/clusters/abc/resources/deployments", "resources"],
    ["/clusters/abc/alerts", "alerts"],
    ["/clusters/abc/snapshots", "snapshots"],
    ["/secrets", "secrets"],
    ["/guilds", "servers"],
    ["/settings/notifications", "settings"],
    ["/notifications/confirm", "notifications"],
    ["/", null],
  ])("%s is %s", (path, area) => {
    expect(areaOf(path)).toBe(area);
  });
});

describe("breadcrumbTrail", () => {
  it("names the cluster, links every step up, and leaves this page unlinked", () => {
    expect(breadcrumbTrail("/clusters/abc/namespaces/shop/pods/web-1", "prod")).toEqual([
      { label: "Clusters", href: "/clusters" },
      { label: "prod", href: "/clusters/abc" },
      { label: "Pods", href: "/clusters/abc/pods?namespace=shop" },
      { label: "shop", href: "/clusters/abc/pods?namespace=shop" },
      { label: "web-1" },
    ]);
  });

  it("uses the id until the cluster's name is known", () => {
    expect(breadcrumbTrail("/clusters/abc", null)).toEqual([
      { label: "Clusters", href: "/clusters" },
      { label: "abc" },
    ]);
  });

  it("covers resources and the top-level areas", () => {
    expect(breadcrumbTrail("/clusters/abc/resources/deployments/web", "prod").map((c) => c.label)).toEqual([
      "Clusters",
      "prod",
      "Resources",
      "deployments",
      "web",
    ]);
    expect(breadcrumbTrail("/settings/notifications", null)).toEqual([
      { label: "Settings" },
      { label: "Notifications" },
    ]);
    expect(breadcrumbTrail("/dashboard", null)).toEqual([{ label: "Dashboard" }]);
  });

  it("survives a malformed escape in the address", () => {
    expect(breadcrumbTrail("/clusters/%E0%A4%A", null)[1]?.label).toBe("%E0%A4%A");
  });
});
