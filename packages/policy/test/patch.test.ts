import { parseQuantity } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { applyJsonPatch, fieldText, jsonPointer, parsePointer, setField } from "../src/index";

describe("paths", () => {
  it("prints dotted paths with indices and bracketed odd keys", () => {
    expect(fieldText(["spec", "template", "spec", "containers", 0, "resources", "limits", "cpu"])).toBe(
      "spec.template.spec.containers[0].resources.limits.cpu",
    );
    expect(fieldText(["metadata", "labels", "app.kubernetes.io/name"])).toBe(
      'metadata.labels["app.kubernetes.io/name"]',
    );
  });

  it("round-trips JSON Pointers with escapes", () => {
    const path = ["metadata", "labels", "app.kubernetes.io/name~x", 0];
    expect(jsonPointer(path)).toBe("/metadata/labels/app.kubernetes.io~1name~0x/0");
    expect(parsePointer(jsonPointer(path))).toEqual(path);
    expect(() => parsePointer("metadata")).toThrow(/not a JSON Pointer/);
  });
});

describe("patches", () => {
  const obj = { spec: { containers: [{ name: "a" }] } };

  it("adds the missing part as one nested object, or replaces what exists", () => {
    expect(setField(obj, ["spec", "containers", 0, "securityContext", "runAsNonRoot"], true)).toEqual([
      { op: "add", path: "/spec/containers/0/securityContext", value: { runAsNonRoot: true } },
    ]);
    expect(setField(obj, ["spec", "containers", 0, "name"], "b")).toEqual([
      { op: "replace", path: "/spec/containers/0/name", value: "b" },
    ]);
  });

  it("applies add, replace, remove and test to a copy", () => {
    const out = applyJsonPatch(obj, [
      { op: "test", path: "/spec/containers/0/name", value: "a" },
      { op: "add", path: "/spec/containers/-", value: { name: "b" } },
      { op: "replace", path: "/spec/containers/0/name", value: "z" },
      { op: "remove", path: "/spec/containers/1" },
    ]);
    expect(out).toEqual({ spec: { containers: [{ name: "z" }] } });
    expect(obj.spec.containers[0]?.name).toBe("a");
    expect(() => applyJsonPatch(obj, [{ op: "remove", path: "/spec/nope" }])).toThrow(
      /no field at \/spec\/nope/,
    );
    expect(() => applyJsonPatch(obj, [{ op: "test", path: "/spec/containers/0/name", value: "q" }])).toThrow(
      /test failed/,
    );
  });
});

describe("quantities", () => {
  it("parses CPU and memory forms", () => {
    expect(parseQuantity("250m")).toBeCloseTo(0.25);
    expect(parseQuantity("1.5")).toBe(1.5);
    expect(parseQuantity("512Mi")).toBe(512 * 2 ** 20);
    expect(parseQuantity("1G")).toBe(1e9);
    expect(parseQuantity("1e3")).toBe(1000);
    expect(parseQuantity("lots")).toBeNull();
  });
});
