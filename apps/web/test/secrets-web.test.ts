import {
  MAX_SECRET_BYTES,
  SecretsCreateInput,
  SecretsRotateSpec,
  type VaultSecretSummary,
} from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import {
  createInput,
  diffGroups,
  diffSummary,
  emptyCreateForm,
  emptyRotateForm,
  fileProblem,
  keptText,
  keysText,
  namespacesOf,
  placementsText,
  placesOf,
  restoreText,
  rotateSpec,
  shortTime,
  valuesFromEntries,
  valuesFromFile,
} from "../src/components/secrets/format";
import { areaOf, navAreas } from "../src/components/shell/areas";

const secret = (over: Partial<VaultSecretSummary> = {}): VaultSecretSummary => ({
  name: "db-creds",
  type: "Opaque",
  clusterId: "c1",
  namespace: "shop",
  keys: ["DB_USER", "DB_PASSWORD"],
  version: 3,
  versionsKept: 10,
  updatedAt: "2026-12-01T09:30:00.000Z",
  updatedBy: "bob",
  placements: [],
  ...over,
});

const placement = (clusterId: string, clusterName: string, namespace: string, version: number) => ({
  clusterId,
  clusterName,
  namespace,
  version,
  appliedAt: "2026-12-01T09:31:00.000Z",
  appliedBy: "bob",
});

describe("valuesFromEntries: typed rows into secrets.create's values, or the first thing to fix", () => {
  it("keeps filled rows in order (keys trimmed, values as typed) and skips wholly empty rows", () => {
    const checked = valuesFromEntries([
      { key: " DB_USER ", value: "app" },
      { key: "", value: "" },
      { key: "tls.key", value: " spaced value " },
    ]);
    expect(checked).toEqual({
      problem: null,
      input: {
        kind: "entries",
        entries: [
          { key: "DB_USER", value: "app" },
          { key: "tls.key", value: " spaced value " },
        ],
      },
    });
    // What the page builds is what the contract accepts.
    expect(
      SecretsCreateInput.safeParse({ name: "x", clusterId: "c1", namespace: "shop", values: checked.input })
        .success,
    ).toBe(true);
  });

  it("names the row of an invalid key, a value without a key and a duplicate key", () => {
    expect(valuesFromEntries([{ key: "DB PASS", value: "x" }]).problem).toBe(
      "Row 1: a key may only hold letters, digits, '-', '_' and '.' ('DB PASS').",
    );
    expect(
      valuesFromEntries([
        { key: "A", value: "1" },
        { key: "", value: "orphan" },
      ]).problem,
    ).toBe("Row 2: a key may not be empty.");
    expect(
      valuesFromEntries([
        { key: "A", value: "1" },
        { key: "B", value: "2" },
        { key: "A", value: "3" },
      ]).problem,
    ).toBe("Row 3: the key 'A' is already used in row 1.");
  });

  it("refuses no rows and more than 1 MiB together, without quoting any value", () => {
    expect(valuesFromEntries([{ key: "", value: "" }]).problem).toBe("Give at least one key and its value.");
    const big = "v".repeat(MAX_SECRET_BYTES);
    const over = valuesFromEntries([{ key: "BIG", value: big }]);
    expect(over.problem).toBe("The values come to 1.0 MiB; a secret holds at most 1 MiB.");
    expect(over.problem).not.toContain("vvvv");
  });

  it("never puts a value into a problem", () => {
    const value = "s3cr3t-value-123";
    for (const rows of [
      [{ key: "bad key", value }],
      [{ key: "", value }],
      [
        { key: "A", value },
        { key: "A", value },
      ],
    ]) {
      const checked = valuesFromEntries(rows);
      expect(checked.problem).toBeTruthy();
      expect(checked.problem).not.toContain(value);
    }
  });
});

describe("files: checked before reading, sent as they are", () => {
  it("refuses empty and > 1 MiB files by name", () => {
    expect(fileProblem({ name: "a.env", size: 0 })).toBe("a.env is empty.");
    expect(fileProblem({ name: "big.yaml", size: 3 * 1024 * 1024 })).toBe(
      "big.yaml is 3.0 MiB; a secret holds at most 1 MiB.",
    );
    expect(fileProblem({ name: "ok.json", size: MAX_SECRET_BYTES })).toBeNull();
  });

  it("sends the file's name and text with the format left to the API", () => {
    expect(valuesFromFile({ name: "prod.env", content: "A=1\n" })).toEqual({
      problem: null,
      input: { kind: "file", filename: "prod.env", format: "auto", content: "A=1\n" },
    });
    expect(valuesFromFile(null).problem).toBe("Choose a file (.env, YAML or JSON) holding the values.");
  });
});

describe("createInput: the form into secrets.create's input", () => {
  const file = valuesFromFile({ name: "prod.env", content: "A=1\n" });
  it("builds the input with the home and type", () => {
    const checked = createInput(
      {
        ...emptyCreateForm,
        name: " db-creds ",
        clusterId: "c1",
        namespace: "shop",
        type: "kubernetes.io/tls",
      },
      file,
    );
    expect(checked.input).toEqual({
      name: "db-creds",
      clusterId: "c1",
      namespace: "shop",
      type: "kubernetes.io/tls",
      values: { kind: "file", filename: "prod.env", format: "auto", content: "A=1\n" },
    });
    expect(SecretsCreateInput.safeParse(checked.input).success).toBe(true);
  });

  it("asks for the name, a valid name, the cluster, the namespace, then the values", () => {
    const base = { ...emptyCreateForm, name: "db-creds", clusterId: "c1", namespace: "shop" };
    expect(createInput({ ...base, name: "" }, file).problem).toBe("Give the secret a name.");
    expect(createInput({ ...base, name: "DB_Creds" }, file).problem).toMatch(
      /^'DB_Creds' is not a Kubernetes name/,
    );
    expect(createInput({ ...base, clusterId: "" }, file).problem).toBe("Pick the cluster it lives on.");
    expect(createInput({ ...base, namespace: "" }, file).problem).toBe("Pick its namespace.");
    expect(createInput(base, valuesFromFile(null)).problem).toBe(
      "Choose a file (.env, YAML or JSON) holding the values.",
    );
  });
});

describe("rotateSpec: the rotate form into secrets.planRotate's spec", () => {
  it("generates the chosen keys with one shape and length", () => {
    const form = {
      ...emptyRotateForm(["A", "B", "C"]),
      keys: ["A", "C"],
      shape: "hex" as const,
      length: "48",
    };
    const checked = rotateSpec("db-creds", { ...form, restartDeployments: true }, null);
    expect(checked.input).toEqual({
      name: "db-creds",
      generate: [
        { key: "A", shape: "hex", length: 48 },
        { key: "C", shape: "hex", length: 48 },
      ],
      restartDeployments: true,
    });
    expect(SecretsRotateSpec.safeParse(checked.input).success).toBe(true);
  });

  it("sends uploaded values instead when asked", () => {
    const checked = rotateSpec(
      "db-creds",
      { ...emptyRotateForm(["A"]), mode: "file" },
      { name: "n.env", content: "A=2" },
    );
    expect(checked.input).toEqual({
      name: "db-creds",
      values: { kind: "file", filename: "n.env", format: "auto", content: "A=2" },
      restartDeployments: false,
    });
  });

  it("refuses no keys, a bad length and a missing file", () => {
    expect(rotateSpec("s", { ...emptyRotateForm(["A"]), keys: [] }, null).problem).toBe(
      "Choose at least one key to rotate.",
    );
    for (const length of ["7", "513", "12.5", "ten", ""]) {
      expect(rotateSpec("s", { ...emptyRotateForm(["A"]), length }, null).problem).toBe(
        "The length is a whole number from 8 to 512.",
      );
    }
    expect(rotateSpec("s", { ...emptyRotateForm(["A"]), mode: "file" }, null).problem).toBe(
      "Choose a file (.env, YAML or JSON) holding the values.",
    );
  });
});

describe("places and words", () => {
  it("lists the home first (with its version when applied there), then the other places", () => {
    const s = secret({
      placements: [
        placement("c2", "edge", "prod", 2),
        placement("c1", "local", "shop", 3),
        placement("c1", "local", "api", 1),
      ],
    });
    expect(placesOf(s, new Map([["c1", "local"]]))).toEqual([
      { clusterId: "c1", clusterName: "local", namespace: "shop", home: true, version: 3 },
      { clusterId: "c2", clusterName: "edge", namespace: "prod", home: false, version: 2 },
      { clusterId: "c1", clusterName: "local", namespace: "api", home: false, version: 1 },
    ]);
    expect(placesOf(secret(), new Map([["c1", "local"]]))).toEqual([
      { clusterId: "c1", clusterName: "local", namespace: "shop", home: true, version: null },
    ]);
  });

  it("says where it is applied and which places are behind", () => {
    expect(placementsText(secret())).toBe("Not applied");
    expect(
      placementsText(
        secret({ placements: [placement("c2", "edge", "prod", 2), placement("c1", "local", "shop", 3)] }),
      ),
    ).toBe("edge/prod v2 (behind), local/shop v3");
  });

  it("shortens long key lists and collects the filter's namespaces", () => {
    expect(keysText(["a", "b", "c", "d", "e", "f"])).toBe("a, b, c, d +2 more");
    expect(keysText([])).toBe("—");
    expect([keptText(1), keptText(3)]).toEqual(["1 version kept", "3 versions kept"]);
    expect(
      namespacesOf([
        secret({ placements: [placement("c2", "edge", "prod", 2)] }),
        secret({ name: "x", namespace: "api" }),
      ]),
    ).toEqual(["api", "prod", "shop"]);
  });

  it("orders a diff's groups, leaves empty ones out and sums it up", () => {
    const diff = { added: ["NEW"], removed: [], changed: ["DB_PASSWORD"], unchanged: ["DB_USER"] };
    expect(diffGroups(diff).map((g) => [g.label, g.keys])).toEqual([
      ["Added", ["NEW"]],
      ["Changed", ["DB_PASSWORD"]],
      ["Unchanged", ["DB_USER"]],
    ]);
    expect(diffSummary(diff)).toBe("1 added, 1 changed");
    expect(diffSummary({ added: [], removed: [], changed: [] })).toBe("The same keys and values");
  });

  it("says what restoring a version does before it is done", () => {
    expect(restoreText(secret(), 3, 1)).toBe(
      "Makes v4 with the values of v1. It is not applied anywhere, so no cluster changes.",
    );
    expect(
      restoreText(
        secret({ placements: [placement("c2", "edge", "prod", 2), placement("c1", "local", "shop", 3)] }),
        3,
        1,
      ),
    ).toBe("Makes v4 with the values of v1 and re-applies it to edge/prod, local/shop.");
  });

  it("shows times in UTC to the minute", () => {
    expect(shortTime("2026-12-01T09:30:59.000Z")).toBe("2026-12-01 09:30 UTC");
    expect(shortTime("not a time")).toBe("not a time");
  });
});

describe("navigation", () => {
  it("reaches /secrets as a server area with g v, for every role", () => {
    for (const role of ["viewer", "operator", "admin"] as const) {
      const area = navAreas({ clusterId: null, role }).find((a) => a.id === "secrets");
      expect(area).toMatchObject({ href: "/secrets", key: "v", group: "server" });
    }
    expect(areaOf("/secrets")).toBe("secrets");
  });
});
