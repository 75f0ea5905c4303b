import { describe, expect, it } from "vitest";
import {
  blueprintStatusTone,
  chartHref,
  confirmLabel,
  countsText,
  helmHref,
  isValuesProblem,
  objectChangeTone,
  operationOutcome,
  releaseHref,
  releaseStatusTone,
  shortDate,
  valuesFileProblem,
  valuesProblems,
} from "../src/components/helm/format";
import { markdownBlocks } from "../src/components/helm/markdown";
import { areaOf, breadcrumbTrail, navAreas } from "../src/components/shell/areas";

describe("Helm links", () => {
  it("builds the area's, a chart's and a release's addresses, encoding each part", () => {
    expect(helmHref("c 1")).toBe("/clusters/c%201/helm");
    expect(helmHref("c", "search")).toBe("/clusters/c/helm/search");
    expect(chartHref("c", "local/nginx")).toBe("/clusters/c/helm/charts/local/nginx");
    expect(chartHref("c", "local/nginx", "1.3.0+b")).toBe(
      "/clusters/c/helm/charts/local/nginx?version=1.3.0%2Bb",
    );
    expect(releaseHref("c", "shop", "web")).toBe("/clusters/c/helm/releases/shop/web");
  });
});

describe("tones and words", () => {
  it("colours release statuses: deployed good, failed bad, pending accent", () => {
    expect(releaseStatusTone("deployed")).toBe("good");
    expect(releaseStatusTone("failed")).toBe("bad");
    expect(releaseStatusTone("pending-upgrade")).toBe("accent");
    expect(releaseStatusTone("superseded")).toBe("neutral");
  });

  it("colours object changes and blueprint component statuses", () => {
    expect(objectChangeTone("created")).toBe("good");
    expect(objectChangeTone("deleted")).toBe("bad");
    expect(blueprintStatusTone("failed")).toBe("bad");
    expect(blueprintStatusTone("installed")).toBe("good");
  });

  it("counts a plan's objects, leaving zeros out", () => {
    expect(countsText({ created: 2, changed: 0, unchanged: 3, deleted: 0 })).toBe("2 created, 3 unchanged");
    expect(countsText({ created: 0, changed: 0, unchanged: 0, deleted: 0 })).toBe("no objects");
  });

  it("names the confirm button after the operation and release", () => {
    expect(confirmLabel({ kind: "rollback", release: "web" })).toBe("Roll back web");
    expect(confirmLabel({ kind: "uninstall", release: "web" })).toBe("Uninstall web");
  });

  it("says when an upgrade failed and was rolled back, apart from a plain failure", () => {
    expect(operationOutcome({ kind: "upgrade", status: "rolled-back" })).toEqual({
      tone: "warn",
      title: "Upgrade failed and was rolled back",
    });
    expect(operationOutcome({ kind: "install", status: "failed" }).tone).toBe("bad");
    expect(operationOutcome({ kind: "install", status: "succeeded" }).title).toBe("Install succeeded");
    expect(operationOutcome({ kind: "install", status: "running" }).title).toBe("Install running…");
  });

  it("prints dates to the minute, and a dash for none", () => {
    expect(shortDate("2026-11-30T05:53:19Z")).toBe("2026-11-30 05:53");
    expect(shortDate(null)).toBe("—");
    expect(shortDate("not a date")).toBe("not a date");
  });
});

describe("values", () => {
  it("refuses a file over 256 KiB or empty before reading it, naming the file", () => {
    expect(valuesFileProblem({ name: "big.yaml", size: 256 * 1024 + 1 })).toBe(
      "big.yaml is 257 KiB; a values file must be at most 256 KiB.",
    );
    expect(valuesFileProblem({ name: "e.yaml", size: 0 })).toBe("e.yaml is empty.");
    expect(valuesFileProblem({ name: "ok.yaml", size: 256 * 1024 })).toBeNull();
  });

  it("puts each field path of a schema refusal on its own line", () => {
    expect(
      valuesProblems(
        "values do not match the chart's values.schema.json: replicaCount: must be integer; service.port: must be >= 1; and 2 more",
      ),
    ).toEqual([
      "values do not match the chart's values.schema.json",
      "replicaCount: must be integer",
      "service.port: must be >= 1",
      "and 2 more",
    ]);
    expect(valuesProblems("values are not valid YAML at line 2: bad indentation")).toEqual([
      "values are not valid YAML at line 2: bad indentation",
    ]);
  });

  it("tells a refusal about the values from others", () => {
    expect(isValuesProblem("BAD_REQUEST", "values are not YAML: line 2")).toBe(true);
    expect(isValuesProblem("BAD_REQUEST", "release name must be a DNS-1123 label")).toBe(false);
    expect(isValuesProblem("FORBIDDEN", "values are not yours")).toBe(false);
  });
});

describe("markdownBlocks: a README as text blocks, never HTML", () => {
  it("reads headings, paragraphs, lists and fenced code", () => {
    const md = "# Nginx\n\nA web\nserver.\n\n- one\n- two\n\n```yaml\nkey: <b>x</b>\n```\n## Values";
    expect(markdownBlocks(md)).toEqual([
      { kind: "heading", level: 1, text: "Nginx" },
      { kind: "paragraph", text: "A web server." },
      { kind: "list", items: ["one", "two"] },
      { kind: "code", text: "key: <b>x</b>" },
      { kind: "heading", level: 2, text: "Values" },
    ]);
  });

  it("keeps markup as text and caps heading levels at 3", () => {
    expect(markdownBlocks("<script>alert(1)</script>\n#### deep")).toEqual([
      { kind: "paragraph", text: "<script>alert(1)</script>" },
      { kind: "heading", level: 3, text: "deep" },
    ]);
  });
});

describe("the Helm area in the shell", () => {
  it("is a cluster area reached with g h", () => {
    const helm = navAreas({ clusterId: "c", role: "viewer" }).find((a) => a.id === "helm");
    expect(helm).toMatchObject({ href: "/clusters/c/helm", key: "h", group: "cluster" });
    expect(navAreas({ clusterId: null, role: "admin" }).some((a) => a.id === "helm")).toBe(false);
    expect(areaOf("/clusters/c/helm/releases/shop/web")).toBe("helm");
  });

  it("has breadcrumbs for search, a chart and a release", () => {
    expect(breadcrumbTrail("/clusters/c/helm", "prod")).toEqual([
      { label: "Clusters", href: "/clusters" },
      { label: "prod", href: "/clusters/c" },
      { label: "Helm" },
    ]);
    expect(breadcrumbTrail("/clusters/c/helm/charts/local/nginx", "prod").map((c) => c.label)).toEqual([
      "Clusters",
      "prod",
      "Helm",
      "Search",
      "local/nginx",
    ]);
    expect(breadcrumbTrail("/clusters/c/helm/releases/shop/web", "prod").slice(-2)).toEqual([
      { label: "shop", href: "/clusters/c/helm?namespace=shop" },
      { label: "web" },
    ]);
  });
});
