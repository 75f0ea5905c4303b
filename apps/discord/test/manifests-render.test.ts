import type {
  ManifestApplyResult,
  ManifestFinding,
  ManifestObject,
  ManifestPlan,
  ManifestStepResult,
} from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { applyButtonIds, applyPlanReply } from "../src/commands/manifests/apply";
import { checkManifestAttachments, manifestFileKind } from "../src/commands/manifests/files";
import {
  DIFF_EXCERPT_CHARS,
  diffExcerpt,
  findingLine,
  fitLines,
  locationOf,
  MANIFEST_DIFF_FILE,
  manifestDiffFile,
  renderApplyPlan,
  renderApplyResult,
  renderChecklist,
  renderCounts,
  renderFindings,
  renderValidation,
} from "../src/render/manifests";
import { UserError } from "../src/user-error";

const CLUSTER = "0b4f3c2e-8d7a-4f61-9c3b-2a1e5d6f7a8b";
const PLAN = "7f0c9e52-1b3d-4a8e-b6f2-9d4c3a2b1e0f";
const TOKEN = "mbx3k9z1.AbCdEfGhIjKlMnOpQrStUv";

const finding = (over: Partial<ManifestFinding> = {}): ManifestFinding => ({
  step: "lint",
  level: "warning",
  file: "app.yaml",
  document: 2,
  line: 14,
  column: 9,
  object: "Deployment shop/api",
  field: "spec.template.spec.containers[0].resources.limits",
  message: "has no resource limits",
  ruleId: "require-limits",
  ...over,
});

const step = (over: Partial<ManifestStepResult> & Pick<ManifestStepResult, "step">): ManifestStepResult => ({
  status: "passed",
  summary: `${over.step} ok`,
  findings: [],
  ...over,
});

const object = (over: Partial<ManifestObject> = {}): ManifestObject => ({
  file: "app.yaml",
  document: 1,
  line: 1,
  column: 1,
  apiVersion: "v1",
  kind: "ConfigMap",
  namespace: "shop",
  name: "settings",
  order: 0,
  change: "created",
  diff: "+apiVersion: v1\n+kind: ConfigMap\n",
  ...over,
});

const counts = {
  files: 1,
  documents: 2,
  objects: 2,
  errors: 0,
  warnings: 1,
  created: 1,
  changed: 1,
  unchanged: 0,
};

const plan = (over: Partial<ManifestPlan> = {}): ManifestPlan => ({
  clusterId: CLUSTER,
  namespace: "shop",
  steps: [
    step({ step: "parse", summary: "2 documents parsed" }),
    step({ step: "schema", summary: "2 objects valid against the cluster's schema" }),
    step({ step: "dryRun", summary: "the cluster accepts 2 objects" }),
    step({ step: "lint", status: "warnings", summary: "1 warning", findings: [finding()] }),
    step({ step: "diff", summary: "1 to create, 1 to change" }),
    step({ step: "apply", status: "skipped", summary: "not applied yet" }),
  ],
  objects: [
    object(),
    object({
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "api",
      order: 1,
      change: "changed",
      diff: "-  replicas: 1\n+  replicas: 2\n",
    }),
  ],
  counts,
  ok: true,
  planId: PLAN,
  confirmToken: TOKEN,
  expiresAt: "2026-11-30T12:00:00.000Z",
  ...over,
});

describe("the checklist", () => {
  it("shows each step with its icon and summary, in order", () => {
    const text = renderChecklist([
      step({ step: "parse", status: "failed", summary: "1 error in app.yaml" }),
      step({ step: "schema", status: "skipped", summary: "not run: parsing failed" }),
      step({ step: "lint", status: "warnings", summary: "2 warnings" }),
      step({ step: "diff", summary: "3 unchanged" }),
    ]);
    expect(text.split("\n")).toEqual([
      "❌ **Parse**: 1 error in app.yaml",
      "⏭️ **Schema**: not run: parsing failed",
      "⚠️ **Lint**: 2 warnings",
      "✅ **Diff**: 3 unchanged",
    ]);
  });

  it("names a finding by file:document:line, object and field, and who found it", () => {
    expect(locationOf(finding())).toBe("app.yaml:2:14");
    expect(locationOf(finding({ line: null }))).toBe("app.yaml:2");
    expect(locationOf(finding({ document: null, line: null }))).toBe("app.yaml");
    expect(findingLine(finding())).toBe(
      "⚠️ `app.yaml:2:14` Deployment shop/api `spec.template.spec.containers[0].resources.limits`: has no resource limits (require-limits)",
    );
    const denied = finding({
      step: "dryRun",
      level: "error",
      policy: "no-latest-tag",
      message: "image uses the latest tag",
    });
    expect(findingLine(denied)).toMatch(/^❌ .*image uses the latest tag \(policy no-latest-tag\)$/);
    const own = finding({
      level: "error",
      policy: "no-latest-tag",
      message: "images need a version [policy no-latest-tag]",
    });
    expect(findingLine(own).endsWith("images need a version (policy no-latest-tag)")).toBe(true);
    // The API's messages often start with the object: it is not said twice.
    expect(
      findingLine(finding({ message: "Deployment shop/api: unknown field spec.replica", field: null })),
    ).toBe("⚠️ `app.yaml:2:14`: Deployment shop/api: unknown field spec.replica (require-limits)");
  });

  it("lists errors first, then warnings, then hints, and counts what does not fit", () => {
    const findings = [
      ...Array.from({ length: 5 }, (_, i) => finding({ level: "info", message: `hint ${i}` })),
      ...Array.from({ length: 15 }, (_, i) =>
        finding({ step: "schema", level: "error", message: `error ${i}`, line: i + 1 }),
      ),
    ];
    const text = renderFindings([step({ step: "lint", findings })], 8);
    const lines = text.split("\n");
    expect(lines).toHaveLength(9);
    expect(lines[0]).toContain("error 0");
    expect(lines[7]).toContain("error 7");
    expect(lines[8]).toBe("…and 12 more.");
    expect(text).not.toContain("hint");
  });

  it("fits lines to a character budget as well as a count", () => {
    const lines = Array.from({ length: 10 }, () => "x".repeat(100));
    const kept = fitLines(lines, 400);
    expect(kept.at(-1)).toMatch(/^…and \d+ more\.$/);
    expect(kept.slice(0, -1).join("\n").length).toBeLessThanOrEqual(400);
    expect(fitLines(["a", "b"], 400)).toEqual(["a", "b"]);
  });

  it("counts files, documents, objects, problems and changes", () => {
    expect(renderCounts(counts)).toBe(
      "1 file · 2 documents · 2 objects · 0 errors · 1 warning · 1 to create · 1 to change · 0 unchanged",
    );
    expect(renderCounts({ ...counts, created: 0, changed: 0, objects: 0 })).not.toContain("to create");
  });
});

describe("/validate's reply", () => {
  it("says it is not valid and shows the parse error with its line", () => {
    const embed = renderValidation({
      ...plan(),
      ok: false,
      steps: [
        step({
          step: "parse",
          status: "failed",
          summary: "1 error in bad.yaml",
          findings: [
            finding({
              step: "parse",
              level: "error",
              file: "bad.yaml",
              document: 1,
              line: 3,
              object: null,
              field: null,
              message: "a mapping value is not allowed here",
              ruleId: undefined,
            }),
          ],
        }),
        step({ step: "schema", status: "skipped", summary: "not run" }),
      ],
      counts: { ...counts, errors: 1, created: 0, changed: 0 },
    });
    expect(embed.title).toBe("Not valid: nothing can be applied (default namespace shop)");
    expect(embed.description).toContain("❌ **Parse**: 1 error in bad.yaml");
    expect(embed.description).toContain("❌ `bad.yaml:1:3`: a mapping value is not allowed here");
    expect(embed.description).toContain("1 error");
  });

  it("stays within one embed's limit with many long findings", () => {
    const findings = Array.from({ length: 400 }, (_, i) =>
      finding({ message: `${"long message ".repeat(30)}${i}`, field: "spec.".repeat(40) }),
    );
    const embed = renderValidation({ ...plan(), steps: [step({ step: "lint", findings })] });
    expect(embed.description?.length).toBeLessThanOrEqual(4096);
    expect(embed.description).toMatch(/…and \d+ more\./);
  });
});

describe("/apply's plan", () => {
  it("lists objects in apply order with their change, a diff excerpt and the expiry", () => {
    const embed = renderApplyPlan(plan());
    expect(embed.title).toBe("Apply 2 objects: 1 to create, 1 to change, 0 unchanged");
    expect(embed.description).toContain(
      "+ created ConfigMap `shop/settings`\n~ changed Deployment `shop/api`",
    );
    expect(embed.description).toContain("```diff\n# created: ConfigMap shop/settings");
    expect(embed.description).toContain("+  replicas: 2");
    expect(embed.description).toContain(`Confirm <t:${Date.parse("2026-11-30T12:00:00.000Z") / 1000}:R>.`);
  });

  it("only names objects when the flow stopped before the diff", () => {
    const embed = renderApplyPlan(
      plan({
        ok: false,
        planId: null,
        confirmToken: null,
        expiresAt: null,
        objects: [object({ change: null, diff: "" })],
      }),
    );
    expect(embed.description).toContain("• ConfigMap `shop/settings`");
    expect(embed.description).not.toContain("created");
    expect(embed.description).toContain("Nothing can be applied until the errors are fixed.");
  });

  it("cuts a long diff at a line end, says how much is left, and attaches the whole diff", () => {
    const diff = Array.from({ length: 200 }, (_, i) => `+  key${i}: value`).join("\n");
    const excerpt = diffExcerpt(diff);
    expect(excerpt.startsWith("```diff\n+  key0: value\n")).toBe(true);
    expect(excerpt).toMatch(/\n… \(\d+ more characters\)\n```$/);
    expect(excerpt.length).toBeLessThan(DIFF_EXCERPT_CHARS + 100);
    const objects = [object({ diff })];
    expect(manifestDiffFile(objects)?.name).toBe(MANIFEST_DIFF_FILE);
    expect(manifestDiffFile([object()])).toBeNull();
    expect(diffExcerpt("")).toBe("");
  });

  it("puts Confirm/Cancel within Discord's 100 characters, and none when the plan failed", () => {
    const ids = applyButtonIds({ planId: PLAN, confirmToken: TOKEN, clusterId: CLUSTER });
    expect(ids.confirm.length).toBeLessThanOrEqual(100);
    expect(ids.confirm.endsWith(`:${TOKEN}`)).toBe(true);
    // Plans are database rows with cuid ids (25 characters), not UUIDs.
    const cuid = applyButtonIds({
      planId: "cmilz3x7q0000abcdxyz12345",
      confirmToken: TOKEN,
      clusterId: CLUSTER,
    });
    expect(cuid.confirm).toBe(`mf-ok:=cmilz3x7q0000abcdxyz12345:${TOKEN}`);
    expect(applyPlanReply(plan()).components).toHaveLength(1);
    const failed = applyPlanReply(plan({ ok: false, planId: null, confirmToken: null, expiresAt: null }));
    expect(failed.components).toEqual([]);
    expect(failed.embeds?.[0]).toMatchObject({ title: "Not valid: nothing can be applied" });
  });
});

describe("the apply result", () => {
  const result = (over: Partial<ManifestApplyResult> = {}): ManifestApplyResult => ({
    planId: PLAN,
    clusterId: CLUSTER,
    status: "failed",
    message: "Stopped at Deployment shop/api: 1 applied, 1 failed, 1 not attempted.",
    objects: [
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        namespace: "shop",
        name: "settings",
        result: "applied",
        message: "",
      },
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        namespace: "shop",
        name: "api",
        result: "failed",
        message: "admission webhook denied the request",
      },
      {
        apiVersion: "v1",
        kind: "Service",
        namespace: "shop",
        name: "api",
        result: "not-attempted",
        message: "",
      },
    ],
    warnings: ["Deployment shop/web: image uses the latest tag"],
    deniedBy: {
      policy: "no-latest-tag",
      message: "images must name a tag other than latest",
      fix: [{ op: "replace", path: "/spec/template/spec/containers/0/image", value: "nginx:1.27" }],
    },
    ...over,
  });

  it("says what happened to each object, the warnings and the policy that refused it with its fix", () => {
    const embed = renderApplyResult(result());
    expect(embed.title).toBe("Stopped at Deployment shop/api: 1 applied, 1 failed, 1 not attempted.");
    const lines = embed.description?.split("\n") ?? [];
    expect(lines).toContain("✅ applied ConfigMap `shop/settings`");
    expect(lines).toContain("❌ failed Deployment `shop/api`: admission webhook denied the request");
    expect(lines).toContain("⏭️ not-attempted Service `shop/api`");
    expect(lines).toContain("⚠️ Deployment shop/web: image uses the latest tag");
    expect(embed.description).toContain(
      "⛔ Denied by policy no-latest-tag: images must name a tag other than latest",
    );
    expect(embed.description).toContain('replace /spec/template/spec/containers/0/image = "nginx:1.27"');
  });

  it("is green when everything was applied without warnings", () => {
    const embed = renderApplyResult(
      result({ status: "applied", message: "Applied 1 object.", warnings: [], deniedBy: null }),
    );
    expect(embed.color).toBe(0x2ea043);
    expect(embed.description).not.toContain("⛔");
  });
});

describe("attachments", () => {
  const file = (name: string, size = 100) => ({ name, size, url: "https://cdn.example.test/x" });

  it("sends YAML and JSON as text and archives as base64", () => {
    expect(manifestFileKind("deploy/app.YAML")).toBe("text");
    expect(manifestFileKind("a.json")).toBe("text");
    expect(manifestFileKind("bundle.tar.gz")).toBe("archive");
    expect(manifestFileKind("bundle.zip")).toBe("archive");
    expect(manifestFileKind("notes.txt")).toBeNull();
  });

  it("refuses other types and more than 1 MiB in all before downloading", () => {
    expect(() => checkManifestAttachments([file("notes.txt")])).toThrow(/notes\.txt: attach \.yaml/);
    expect(() => checkManifestAttachments([file("big.yaml", 2 * 1024 * 1024)])).toThrow(
      /big\.yaml is 2\.0 MiB; manifests may be at most 1 MiB in all/,
    );
    expect(() => checkManifestAttachments([file("a.yaml", 600 * 1024), file("b.zip", 600 * 1024)])).toThrow(
      UserError,
    );
    expect(() =>
      checkManifestAttachments([file("a.yaml", 600 * 1024), file("b.zip", 400 * 1024)]),
    ).not.toThrow();
  });
});
