import { AppError, HELM_VALUES_MAX_BYTES } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { assertValidValues, parseValuesYaml, validateValues } from "../src/helm/index";

/** The userMessage of the AppError that `run` throws (fails the test when it does not throw one). */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("BAD_REQUEST");
    return (error as AppError).userMessage;
  }
  throw new Error("expected a refusal");
}

describe("parseValuesYaml", () => {
  it("reads a mapping of values", () => {
    expect(parseValuesYaml("service:\n  port: 8080\nimage: nginx\ntags: [a, b]\n")).toEqual({
      service: { port: 8080 },
      image: "nginx",
      tags: ["a", "b"],
    });
  });

  it("reads empty text, comments and a lone null as no values", () => {
    expect(parseValuesYaml("")).toEqual({});
    expect(parseValuesYaml("  \n# nothing here\n")).toEqual({});
    expect(parseValuesYaml("~\n")).toEqual({});
  });

  it("accepts explicit core tags such as !!str", () => {
    expect(parseValuesYaml("version: !!str 1.10\n")).toEqual({ version: "1.10" });
  });

  it("refuses values over 256 KiB, counting bytes not characters", () => {
    const ascii = `a: "${"x".repeat(HELM_VALUES_MAX_BYTES)}"\n`;
    expect(refusal(() => parseValuesYaml(ascii))).toBe("values are 257 KiB; the limit is 256 KiB");
    // 100k three-byte characters: 300 KB in UTF-8, under the limit in characters.
    const wide = `a: "${"€".repeat(100_000)}"\n`;
    expect(wide.length).toBeLessThan(HELM_VALUES_MAX_BYTES);
    expect(refusal(() => parseValuesYaml(wide))).toBe("values are 293 KiB; the limit is 256 KiB");
  });

  it("says where the YAML is broken, without quoting it", () => {
    const message = refusal(() => parseValuesYaml('a: 1\nb: "hunter2secret\n'));
    expect(message).toMatch(/^values are not valid YAML at line \d+, column \d+: /);
    expect(message).not.toContain("hunter2secret");
    expect(refusal(() => parseValuesYaml("a:\n\tb: 1\n"))).toMatch(/line 2, column 1: tabs are not allowed/);
  });

  it("refuses duplicate keys", () => {
    expect(refusal(() => parseValuesYaml("a: 1\na: 2\n"))).toMatch(/line 2, column 1: a key appears twice/);
  });

  it("refuses anchors and aliases, which also stops billion-laughs bombs", () => {
    const expected = /^values may not use YAML anchors or aliases \(&, \*\)/;
    expect(refusal(() => parseValuesYaml("base: &b {a: 1}\nother: *b\n"))).toMatch(expected);
    expect(refusal(() => parseValuesYaml("a: &x 1\n"))).toMatch(expected);
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...Array.from({ length: 8 }, (_, i) => {
        const n = String.fromCharCode(98 + i);
        const p = String.fromCharCode(97 + i);
        return `${n}: &${n} [*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p}]`;
      }),
    ].join("\n");
    expect(refusal(() => parseValuesYaml(bomb))).toMatch(expected);
  });

  it("refuses custom tags without quoting them (a password may start with !)", () => {
    const python = refusal(() => parseValuesYaml("x: !!python/object:os.system [ls]\n"));
    expect(python).toMatch(/^values may not use custom YAML tags \(line 1\)/);
    expect(python).not.toContain("python");
    const ref = refusal(() => parseValuesYaml("a:\n  b: !Ref Thing\n"));
    expect(ref).toMatch(/custom YAML tags \(line 2\)/);
    expect(refusal(() => parseValuesYaml("password: !s3cr3t\n"))).not.toContain("s3cr3t");
  });

  it("refuses more than one document", () => {
    expect(refusal(() => parseValuesYaml("a: 1\n---\nb: 2\n"))).toBe(
      "values must be one YAML document; found 2 (separated by ---)",
    );
    // A stray trailing separator is harmless.
    expect(parseValuesYaml("a: 1\n---\n")).toEqual({ a: 1 });
  });

  it("refuses a top level that is not a mapping", () => {
    const expected = "values must be a mapping of keys (key: value) at the top level";
    expect(refusal(() => parseValuesYaml("- a\n- b\n"))).toBe(expected);
    expect(refusal(() => parseValuesYaml("just text\n"))).toBe(expected);
  });

  it("refuses complex keys and deep nesting", () => {
    expect(refusal(() => parseValuesYaml("? [a, b]\n: 1\n"))).toMatch(/^mapping keys must be plain strings/);
    const deep = `a: ${"[".repeat(200)}${"]".repeat(200)}\n`;
    expect(refusal(() => parseValuesYaml(deep))).toMatch(/^values are nested more than 64 levels deep/);
  });
});

describe("validateValues", () => {
  const schema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["image"],
    properties: {
      image: { type: "string" },
      service: {
        type: "object",
        properties: { port: { type: "integer", minimum: 1 }, type: { enum: ["ClusterIP", "NodePort"] } },
        additionalProperties: false,
      },
      ingress: {
        type: "object",
        properties: {
          hosts: { type: "array", items: { type: "object", properties: { host: { type: "string" } } } },
        },
      },
    },
  };

  it("returns no problems for values that fit", () => {
    expect(validateValues({ image: "nginx", service: { port: 80 } }, schema)).toEqual([]);
  });

  it("names every problem by its values path", () => {
    const problems = validateValues(
      {
        service: { port: "eighty", type: "LoadBalancer", extra: 1 },
        ingress: { hosts: [{ host: "a" }, { host: 7 }] },
      },
      schema,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "image", message: "is required" },
        { path: "service.port", message: "must be integer" },
        { path: "service.type", message: 'must be one of "ClusterIP", "NodePort"' },
        { path: "service.extra", message: "is not allowed (the chart's schema does not list it)" },
        { path: "ingress.hosts[1].host", message: "must be string" },
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it("quotes keys that are not plain names, and reads draft 2020-12 schemas", () => {
    const annotated = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: { podAnnotations: { type: "object", additionalProperties: { type: "string" } } },
    };
    expect(validateValues({ podAnnotations: { "prometheus.io/scrape": true } }, annotated)).toEqual([
      { path: 'podAnnotations["prometheus.io/scrape"]', message: "must be string" },
    ]);
  });

  it("names the top level when the values are not an object", () => {
    expect(validateValues([], { type: "object" })).toEqual([
      { path: "(top level)", message: "must be object" },
    ]);
  });

  it("two charts with the same $id both compile", () => {
    const a = { $id: "https://example.com/values", type: "object", properties: { a: { type: "string" } } };
    const b = { $id: "https://example.com/values", type: "object", properties: { a: { type: "integer" } } };
    expect(validateValues({ a: 1 }, a)).toEqual([{ path: "a", message: "must be string" }]);
    expect(validateValues({ a: "x" }, b)).toEqual([{ path: "a", message: "must be integer" }]);
  });

  it("refuses a schema that cannot be compiled", () => {
    expect(
      refusal(() => validateValues({}, { type: "object", properties: { a: { type: "nonsense" } } })),
    ).toMatch(/^the chart's values\.schema\.json is not valid: /);
  });
});

describe("assertValidValues", () => {
  it("passes values that fit", () => {
    expect(() => assertValidValues({ port: 1 }, { properties: { port: { type: "integer" } } })).not.toThrow();
  });

  it("lists the first five problems and counts the rest", () => {
    const schema = { type: "object", additionalProperties: { type: "integer" } };
    const values = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`k${i}`, "x"]));
    expect(refusal(() => assertValidValues(values, schema))).toBe(
      "values do not match the chart's values.schema.json: k0: must be integer; k1: must be integer; " +
        "k2: must be integer; k3: must be integer; k4: must be integer; and 2 more",
    );
  });
});
