import { describe, expect, it } from "vitest";
import {
  base64FromBytes,
  batchSummary,
  bytesFromBase64,
  changeCounts,
  cspNonce,
  editorLine,
  expiryText,
  fileEncoding,
  filesProblem,
  locationText,
  objectName,
  PASTED_FILE,
  patchText,
  stepLabel,
  stepTone,
  withApplyStep,
} from "../src/components/manifests/format";
import { areaOf, breadcrumbTrail, navAreas } from "../src/components/shell/areas";

const at = (file: string, document: number | null, line: number | null, column: number | null) => ({
  file,
  document,
  line,
  column,
});

describe("findings: where they are, and which move the editor's cursor", () => {
  it("names the file, document and line:column that are known", () => {
    expect(locationText(at("api.yaml", 2, 14, 7))).toBe("api.yaml, document 2, line 14:7");
    expect(locationText(at("bundle.zip/deploy/web.yaml", 1, 3, null))).toBe(
      "bundle.zip/deploy/web.yaml, document 1, line 3",
    );
    expect(locationText(at("api.yaml", null, null, null))).toBe("api.yaml");
  });

  it("moves the cursor only for the editor's own text, and only with a line", () => {
    expect(editorLine(at(PASTED_FILE, 1, 9, 5))).toEqual({ line: 9, column: 5 });
    expect(editorLine(at(PASTED_FILE, 1, 9, null))).toEqual({ line: 9, column: 1 });
    expect(editorLine(at(PASTED_FILE, 1, null, null))).toBeNull();
    expect(editorLine(at("api.yaml", 1, 9, 5))).toBeNull();
  });
});

describe("files: what may be sent and how", () => {
  it("sends YAML and JSON as text and archives as base64; refuses the rest", () => {
    expect(fileEncoding("deploy/API.YAML")).toBe("utf8");
    expect(fileEncoding("a.yml")).toBe("utf8");
    expect(fileEncoding("list.json")).toBe("utf8");
    expect(fileEncoding("bundle.zip")).toBe("base64");
    expect(fileEncoding("bundle.tar.gz")).toBe("base64");
    expect(fileEncoding("bundle.tgz")).toBe("base64");
    expect(fileEncoding("notes.txt")).toBeNull();
    expect(fileEncoding("yaml")).toBeNull();
  });

  it("names the file that cannot go, and the 1 MiB total with the editor's text", () => {
    expect(filesProblem([{ name: "a.yaml", size: 10 }])).toBeNull();
    expect(filesProblem([{ name: "photo.png", size: 10 }])).toMatch(/^photo\.png is not a YAML/);
    expect(filesProblem([{ name: "empty.yaml", size: 0 }])).toBe("empty.yaml is empty.");
    expect(filesProblem([{ name: "a.yaml", size: 1024 * 1024 }])).toBeNull();
    expect(filesProblem([{ name: "a.yaml", size: 1024 * 1024 }], 1)).toMatch(/must be at most 1 MiB/);
    const many = Array.from({ length: 101 }, (_, i) => ({ name: `f${i}.yaml`, size: 1 }));
    expect(filesProblem(many)).toBe("At most 100 files at once.");
  });

  it("round-trips bytes through base64, including a buffer larger than one chunk", () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
    const encoded = base64FromBytes(bytes);
    expect(encoded).toBe(Buffer.from(bytes).toString("base64"));
    expect([...bytesFromBase64(encoded)]).toEqual([...bytes]);
    expect(base64FromBytes(new Uint8Array())).toBe("");
  });
});

describe("steps, objects and counts as people read them", () => {
  it("labels and colours each step", () => {
    expect(stepLabel("dryRun")).toBe("Server dry-run");
    expect(stepTone("failed")).toBe("bad");
    expect(stepTone("warnings")).toBe("warn");
    expect(stepTone("skipped")).toBe("neutral");
  });

  it("names objects with and without a namespace", () => {
    expect(objectName({ kind: "Deployment", namespace: "shop", name: "api" })).toBe("Deployment shop/api");
    expect(objectName({ kind: "Namespace", namespace: null, name: "shop" })).toBe("Namespace shop");
  });

  it("counts changes and the batch, leaving out zeros and saying one/many right", () => {
    expect(changeCounts({ created: 2, changed: 0, unchanged: 1 })).toBe("2 created, 1 unchanged");
    expect(changeCounts({ created: 0, changed: 0, unchanged: 0 })).toBe("no changes");
    const counts = {
      files: 1,
      documents: 2,
      objects: 2,
      errors: 0,
      warnings: 1,
      created: 2,
      changed: 0,
      unchanged: 0,
    };
    expect(batchSummary(counts)).toBe("2 objects in 1 file (2 documents) · 0 errors, 1 warning");
  });

  it("says when a plan expires, and that an expired one must be planned again", () => {
    const now = Date.parse("2026-11-30T10:00:00Z");
    expect(expiryText("2026-11-30T10:04:30Z", now)).toBe("expires at 10:04 UTC (in 4 min)");
    expect(expiryText("2026-11-30T10:00:20Z", now)).toBe("expires at 10:00 UTC (in less than a minute)");
    expect(expiryText("2026-11-30T09:59:00Z", now)).toBe("has expired: plan again");
    expect(expiryText(null, now)).toBe("");
  });

  it("puts the apply's outcome into the sixth step once it ran", () => {
    const steps = [
      { step: "lint" as const, status: "warnings" as const, summary: "2 warnings" },
      { step: "apply" as const, status: "skipped" as const, summary: "not applied yet" },
    ];
    expect(withApplyStep(steps, null)).toEqual(steps);
    expect(withApplyStep(steps, { status: "failed", message: "Stopped at Deployment shop/api." })[1]).toEqual(
      {
        step: "apply",
        status: "failed",
        summary: "Stopped at Deployment shop/api.",
      },
    );
    expect(withApplyStep(steps, { status: "applied", message: "Applied 2 objects." })[1]?.status).toBe(
      "passed",
    );
  });

  it("shows a fix patch as indented JSON", () => {
    expect(patchText([{ op: "add", path: "/a", value: 1 }])).toBe(
      '[\n  {\n    "op": "add",\n    "path": "/a",\n    "value": 1\n  }\n]',
    );
  });
});

describe("the CSP nonce the editor's styles carry", () => {
  it("is read from the response's script-src", () => {
    const csp =
      "default-src 'self'; script-src 'self' 'nonce-q1w2e3r4t5y6u7i8o9p0aA==' 'strict-dynamic'; style-src 'self'";
    expect(cspNonce(csp)).toBe("q1w2e3r4t5y6u7i8o9p0aA==");
    expect(cspNonce("default-src 'self'")).toBeUndefined();
    expect(cspNonce(null)).toBeUndefined();
  });
});

describe("Apply and Policies in the sidebar", () => {
  it("are cluster areas next to Helm, each with its own letter", () => {
    const areas = navAreas({ clusterId: "c 1", role: "viewer" });
    const ids = areas.map((a) => a.id);
    expect(ids.slice(ids.indexOf("helm"), ids.indexOf("helm") + 3)).toEqual(["helm", "apply", "policies"]);
    expect(areas.find((a) => a.id === "apply")?.href).toBe("/clusters/c%201/apply");
    expect(areas.find((a) => a.id === "policies")?.href).toBe("/clusters/c%201/policies");
    expect(navAreas({ clusterId: null, role: "admin" }).map((a) => a.id)).not.toContain("apply");
  });

  it("mark their pages and end the breadcrumbs", () => {
    expect(areaOf("/clusters/abc/apply")).toBe("apply");
    expect(areaOf("/clusters/abc/policies")).toBe("policies");
    expect(breadcrumbTrail("/clusters/abc/policies", "prod")).toEqual([
      { label: "Clusters", href: "/clusters" },
      { label: "prod", href: "/clusters/abc" },
      { label: "Policies" },
    ]);
    expect(breadcrumbTrail("/clusters/abc/apply", null).map((c) => c.label)).toEqual([
      "Clusters",
      "abc",
      "Apply",
    ]);
  });
});
