import type { ManifestFinding } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { changesText, completeSteps, countsOf, ranStep } from "../src/services/manifest-steps";

const finding = (level: ManifestFinding["level"], file = "api.yaml"): ManifestFinding => ({
  file,
  document: 1,
  line: 3,
  column: 1,
  step: "schema",
  level,
  object: "Deployment shop/api",
  field: null,
  message: "m",
});

describe("the six steps' bookkeeping", () => {
  it("a step fails on an error, warns on a warning, passes otherwise", () => {
    expect(ranStep("schema", [finding("error"), finding("error", "db.yaml")], "ok")).toMatchObject({
      status: "failed",
      summary: "2 errors in api.yaml, db.yaml",
    });
    expect(ranStep("lint", [finding("warning")], "no lint findings")).toMatchObject({
      status: "warnings",
      summary: "no lint findings; 1 warning in api.yaml",
    });
    expect(ranStep("lint", [finding("error")], "x", { errorsFail: false }).status).toBe("warnings");
    expect(ranStep("diff", [finding("info")], "3 created").status).toBe("passed");
  });

  it("always six steps: after a failure the rest are skipped; apply waits for a confirm", () => {
    const failed = completeSteps([
      ranStep("parse", [], "1 document"),
      ranStep("schema", [finding("error")], ""),
    ]);
    expect(failed.map((s) => `${s.step}:${s.status}`)).toEqual([
      "parse:passed",
      "schema:failed",
      "dryRun:skipped",
      "lint:skipped",
      "diff:skipped",
      "apply:skipped",
    ]);
    expect(failed[2]?.summary).toBe("Not run: the schema step failed.");
    const passed = completeSteps(
      ["parse", "schema", "dryRun", "lint", "diff"].map((s) => ranStep(s as "parse", [], "ok")),
    );
    expect(passed.at(-1)).toMatchObject({
      step: "apply",
      status: "skipped",
      summary: "Confirm the plan to apply.",
    });
  });

  it("counts findings and changes", () => {
    const steps = [ranStep("schema", [finding("error"), finding("warning"), finding("info")], "")];
    const object = {
      file: "a",
      document: 1,
      line: 1,
      column: 1,
      apiVersion: "v1",
      kind: "ConfigMap",
      namespace: "x",
      name: "n",
      order: 0,
      diff: "",
    };
    const counts = countsOf(
      steps,
      [
        { ...object, change: "created" },
        { ...object, change: "unchanged" },
        { ...object, change: "unchanged" },
      ],
      { files: 2, documents: 3 },
    );
    expect(counts).toEqual({
      files: 2,
      documents: 3,
      objects: 3,
      errors: 1,
      warnings: 1,
      created: 1,
      changed: 0,
      unchanged: 2,
    });
    expect(changesText(counts)).toBe("1 created, 2 unchanged");
    expect(changesText({ created: 0, changed: 0, unchanged: 0 })).toBe("no objects");
  });
});
