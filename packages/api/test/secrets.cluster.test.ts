/**
 * The secrets vault on the local control plane, through the API as the
 * Discord worker calls it: create from a file → apply (the Kubernetes Secret
 * holds the values, read with the admin kubeconfig) → diff against a changed
 * file and the live Secret (key names only) → plan and rotate (the Secret
 * changed, the Deployment using it restarted) → restore a version → plan and
 * delete. Viewers and operators are refused what is not theirs; each bad
 * input is refused with its message and nothing is written. Then the leak
 * check: no value in any response, log line, audit or notification row, or
 * anywhere in the database — while the cluster's Secret does hold them.
 */
import { randomBytes } from "node:crypto";
import type {
  ActionPlan,
  SecretsApplyOutput,
  SecretsCreateOutput,
  SecretsDiffOutput,
  SecretsListOutput,
  SecretsPlanRotateOutput,
  SecretsRestoreVersionOutput,
  SecretsRotateOutput,
  SecretsVersionsOutput,
} from "@clustercord/contracts";
import { selfSignedCertificate } from "@clustercord/testenv";
import { findLeaks, registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, ALICE, type ApiHarness, BOB, CAROL, startApiHarness } from "./harness";

const ns = `clustercord-guild-${ACME}`;
const asBob = [BOB, ACME] as const; // operator
const asAlice = [ALICE, ACME] as const; // admin
const asCarol = [CAROL, ACME] as const; // viewer

/** Every value the vault is given or makes: none may show up anywhere but in the cluster. */
const values: string[] = [];
const secretValue = (label: string) => {
  const value = registerSecret(`${label}-${randomBytes(16).toString("hex")}`, `vault test ${label}`);
  values.push(value);
  return value;
};
const v1 = {
  DB_USER: secretValue("db-user"),
  DB_PASSWORD: secretValue("db-password"),
  API_TOKEN: secretValue("api-token"),
};
const changedFile = {
  DB_USER: v1.DB_USER,
  DB_PASSWORD: secretValue("db-password-edited"),
  NEW_KEY: secretValue("new-key"),
};
const envFile = (map: Record<string, string>) =>
  `# app credentials\n${Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n")}\n`;

let h: ApiHarness;
let clusterId: string;
/** Every response body the tests saw, for the leak check. */
const responses: string[] = [];

const call = async <T>(
  procedure: string,
  who: readonly [string, string],
  input: unknown,
  mutation = true,
) => {
  const res = await h.call<T>(procedure, who, { input, mutation });
  responses.push(JSON.stringify({ procedure, status: res.status, data: res.data, error: res.error }));
  return res;
};

const kubectlJson = async <T>(args: string[]) =>
  JSON.parse(await h.cluster.kubectl([...args, "-o", "json"])) as T;
type LiveSecret = {
  type: string;
  data: Record<string, string>;
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
};
const liveSecret = async (name = "db-creds") => {
  const s = await kubectlJson<LiveSecret>(["get", "secret", name, "-n", ns]);
  return {
    ...s,
    values: Object.fromEntries(
      Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]),
    ),
  };
};
const restartedAt = async (deployment: string) =>
  (
    await kubectlJson<{ spec: { template: { metadata: { annotations?: Record<string, string> } } } }>([
      "get",
      "deployment",
      deployment,
      "-n",
      ns,
    ])
  ).spec.template.metadata.annotations?.["kubectl.kubernetes.io/restartedAt"];

/** The vault's rows, to show a refusal wrote nothing. */
const vaultRows = async () => ({
  secrets: await h.db.prisma.vaultSecret.findMany({ orderBy: { id: "asc" } }),
  versions: await h.db.prisma.vaultSecretVersion.findMany({ orderBy: { id: "asc" } }),
  placements: await h.db.prisma.vaultSecretPlacement.findMany({ orderBy: { id: "asc" } }),
});

const deployment = (name: string, usesSecret: boolean) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: ns },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          {
            name: "app",
            image: "registry.example/acme/app:1",
            ...(usesSecret ? { envFrom: [{ secretRef: { name: "db-creds" } }] } : {}),
          },
        ],
      },
    },
  },
});

beforeAll(async () => {
  h = await startApiHarness({ notify: true });
  clusterId = await h.addSharedCluster();
  // A Deployment that reads the secret (envFrom) and one that does not.
  await h.cluster.kubectl(
    ["apply", "-f", "-"],
    JSON.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [deployment("web", true), deployment("other", false)],
    }),
  );
}, 600_000);

afterAll(async () => {
  await h?.close();
});

describe("the secrets vault on the local control plane", () => {
  it("creates a secret from a .env file: keys and version shown, values sealed", async () => {
    const res = await call<SecretsCreateOutput>("secrets.create", asBob, {
      name: "db-creds",
      clusterId,
      namespace: ns,
      values: { kind: "file", filename: "prod.env", content: envFile(v1) },
    });
    expect(res.error).toBeUndefined();
    expect(res.data.message).toBe(
      `Secret db-creds stored in the vault (v1, 3 keys); apply it to put it in ${ns}.`,
    );
    expect(res.data.secret).toMatchObject({
      name: "db-creds",
      type: "Opaque",
      clusterId,
      namespace: ns,
      keys: ["API_TOKEN", "DB_PASSWORD", "DB_USER"],
      version: 1,
      versionsKept: 1,
      updatedBy: "Bob Operator",
      placements: [],
    });
    const [row] = await h.db.prisma.vaultSecretVersion.findMany();
    expect(row?.sealed).toMatch(/^e1\.k1\./);
    expect(row?.keys).toEqual(["API_TOKEN", "DB_PASSWORD", "DB_USER"]);
  });

  it("applies it as the person: the Kubernetes Secret holds the values, labelled and annotated", async () => {
    const res = await call<SecretsApplyOutput>("secrets.apply", asBob, { name: "db-creds" });
    expect(res.error).toBeUndefined();
    expect(res.data).toMatchObject({
      message: `Secret db-creds created in namespace ${ns} (v1).`,
      name: "db-creds",
      namespace: ns,
      clusterName: "shared",
      keys: ["API_TOKEN", "DB_PASSWORD", "DB_USER"],
      type: "Opaque",
      version: 1,
      result: "created",
    });
    const live = await liveSecret();
    expect(live.values).toEqual(v1);
    expect(live.type).toBe("Opaque");
    expect(live.metadata.labels?.["app.kubernetes.io/managed-by"]).toBe("clustercord");
    expect(live.metadata.annotations?.["clustercord.io/vault-version"]).toBe("1");
    // The same version again changes nothing.
    const again = await call<SecretsApplyOutput>("secrets.apply", asBob, { name: "db-creds" });
    expect(again.data.result).toBe("unchanged");

    const list = await call<SecretsListOutput>("secrets.list", asCarol, { namespace: ns }, false);
    expect(list.data.secrets).toHaveLength(1);
    expect(list.data.secrets[0]?.placements).toMatchObject([
      { clusterId, clusterName: "shared", namespace: ns, version: 1, appliedBy: "Bob Operator" },
    ]);
  });

  it("diffs against a changed file and the live Secret by key name only", async () => {
    const file = await call<SecretsDiffOutput>("secrets.diff", asBob, {
      name: "db-creds",
      against: { kind: "file", filename: "updated.env", content: envFile(changedFile) },
    });
    expect(file.data).toEqual({
      against: "the file updated.env",
      added: ["NEW_KEY"],
      removed: ["API_TOKEN"],
      changed: ["DB_PASSWORD"],
      unchanged: ["DB_USER"],
      note: "Values not shown for security",
    });
    const same = await call<SecretsDiffOutput>("secrets.diff", asBob, {
      name: "db-creds",
      against: { kind: "live" },
    });
    expect(same.data).toMatchObject({
      against: `the Secret in ${ns} on cluster shared`,
      added: [],
      removed: [],
      changed: [],
      unchanged: ["API_TOKEN", "DB_PASSWORD", "DB_USER"],
    });
    // Someone edits the live Secret by hand: the diff names the key, and applying puts the vault's value back.
    const edited = secretValue("hand-edited");
    await h.cluster.kubectl([
      "patch",
      "secret",
      "db-creds",
      "-n",
      ns,
      "--type=merge",
      "-p",
      JSON.stringify({ data: { API_TOKEN: Buffer.from(edited).toString("base64") } }),
    ]);
    const drifted = await call<SecretsDiffOutput>("secrets.diff", asBob, {
      name: "db-creds",
      against: { kind: "live", clusterId, namespace: ns },
    });
    expect(drifted.data.changed).toEqual(["API_TOKEN"]);
    const reapplied = await call<SecretsApplyOutput>("secrets.apply", asBob, { name: "db-creds" });
    expect(reapplied.data.result).toBe("updated");
    expect((await liveSecret()).values).toEqual(v1);
  });

  it("plans and rotates: a new version, the Secret changed, the Deployment using it restarted", async () => {
    const spec = {
      name: "db-creds",
      generate: [{ key: "DB_PASSWORD", shape: "hex", length: 40 }],
      restartDeployments: true,
    };
    const before = await vaultRows();
    const plan = await call<SecretsPlanRotateOutput>("secrets.planRotate", asBob, spec);
    expect(plan.error).toBeUndefined();
    expect(plan.data).toMatchObject({
      summary: "Rotate 1 key(s) of db-creds (v1 → v2)?",
      keys: ["DB_PASSWORD"],
      placements: [{ clusterName: "shared", namespace: ns }],
      restarts: [`${ns}/web`],
    });
    expect(plan.data.changes).toContain("DB_PASSWORD: a generated hex of 40");
    // Planning changed nothing.
    expect(await vaultRows()).toEqual(before);
    expect(await restartedAt("web")).toBeUndefined();

    // The token is for exactly this spec: another one is refused.
    const other = await call("secrets.rotate", asBob, {
      ...spec,
      restartDeployments: false,
      confirmToken: plan.data.confirmToken,
    });
    expect(other.status).toBe(403);
    expect(other.error?.message).toBe("That confirmation is not valid for this action; start again.");

    const res = await call<SecretsRotateOutput>("secrets.rotate", asBob, {
      ...spec,
      confirmToken: plan.data.confirmToken,
    });
    expect(res.error).toBeUndefined();
    expect(res.data).toEqual({
      message:
        "Rotated 1 key(s) of db-creds: now v2, re-applied in 1 namespace(s), 1 Deployment(s) restarted.",
      version: 2,
      keys: ["DB_PASSWORD"],
      reapplied: [{ clusterName: "shared", namespace: ns }],
      restarted: [`${ns}/web`],
    });
    const live = await liveSecret();
    const rotated = live.values.DB_PASSWORD ?? "";
    values.push(registerSecret(rotated, "vault test rotated password"));
    expect(rotated).toMatch(/^[0-9a-f]{40}$/);
    expect(live.values).toEqual({ ...v1, DB_PASSWORD: rotated });
    expect(live.metadata.annotations?.["clustercord.io/vault-version"]).toBe("2");
    expect(Date.parse((await restartedAt("web")) ?? "")).toBeGreaterThan(Date.now() - 60_000);
    expect(await restartedAt("other")).toBeUndefined();

    // The plan was for v1: used again after the rotation, it no longer fits.
    const replay = await call("secrets.rotate", asBob, { ...spec, confirmToken: plan.data.confirmToken });
    expect(replay.status).toBe(403);
  });

  it("rotates from uploaded values (no restart) and keeps the versions", async () => {
    const upload = { API_TOKEN: secretValue("api-token-v3") };
    const spec = {
      name: "db-creds",
      values: { kind: "entries", entries: [{ key: "API_TOKEN", value: upload.API_TOKEN }] },
    };
    const plan = await call<SecretsPlanRotateOutput>("secrets.planRotate", asBob, spec);
    expect(plan.data.restarts).toEqual([]);
    expect(plan.data.changes).toContain("API_TOKEN: the uploaded value");
    const res = await call<SecretsRotateOutput>("secrets.rotate", asBob, {
      ...spec,
      confirmToken: plan.data.confirmToken,
    });
    expect(res.data.version).toBe(3);
    expect((await liveSecret()).values.API_TOKEN).toBe(upload.API_TOKEN);

    const versions = await call<SecretsVersionsOutput>(
      "secrets.versions",
      asCarol,
      { name: "db-creds" },
      false,
    );
    expect(versions.data.current).toBe(3);
    expect(versions.data.versions.map((v) => [v.version, v.reason, v.createdBy])).toEqual([
      [3, "rotated", "Bob Operator"],
      [2, "rotated", "Bob Operator"],
      [1, "created", "Bob Operator"],
    ]);
  });

  it("restores version 1 as a new version and re-applies it", async () => {
    const res = await call<SecretsRestoreVersionOutput>("secrets.restoreVersion", asBob, {
      name: "db-creds",
      version: 1,
    });
    expect(res.error).toBeUndefined();
    expect(res.data).toEqual({
      message: "Restored db-creds v1 as v4, re-applied in 1 namespace(s).",
      version: 4,
      restoredFrom: 1,
      reapplied: [{ clusterName: "shared", namespace: ns }],
    });
    const live = await liveSecret();
    expect(live.values).toEqual(v1);
    expect(live.metadata.annotations?.["clustercord.io/vault-version"]).toBe("4");
    const versions = await call<SecretsVersionsOutput>(
      "secrets.versions",
      asBob,
      { name: "db-creds" },
      false,
    );
    expect(versions.data.versions[0]).toMatchObject({
      version: 4,
      reason: "restored",
      note: "restored from v1",
    });
    const current = await call("secrets.restoreVersion", asBob, { name: "db-creds", version: 4 });
    expect(current.error?.message).toBe("v4 is already the current version of db-creds.");
  });

  it("lets viewers see names and keys only, and refuses them every change", async () => {
    const list = await call<SecretsListOutput>("secrets.list", asCarol, {}, false);
    expect(list.data.secrets.map((s) => [s.name, s.keys, s.version])).toEqual([
      ["db-creds", ["API_TOKEN", "DB_PASSWORD", "DB_USER"], 4],
    ]);
    const refusals: [string, unknown][] = [
      [
        "secrets.create",
        {
          name: "x",
          clusterId,
          namespace: ns,
          values: { kind: "entries", entries: [{ key: "A", value: "b" }] },
        },
      ],
      ["secrets.apply", { name: "db-creds" }],
      ["secrets.diff", { name: "db-creds", against: { kind: "live" } }],
      ["secrets.planRotate", { name: "db-creds" }],
      ["secrets.rotate", { name: "db-creds", confirmToken: "x.AAAAAAAAAAAAAAAAAAAAAA" }],
      ["secrets.restoreVersion", { name: "db-creds", version: 1 }],
    ];
    for (const [procedure, input] of refusals) {
      const res = await call(procedure, asCarol, input);
      expect(res.status, procedure).toBe(403);
      expect(res.error?.message, procedure).toBe("This needs the operator role in Acme Ops; you are viewer.");
    }
    // Deleting is for admins: an operator is refused too.
    const byOperator = await call("secrets.planDelete", asBob, { name: "db-creds" }, false);
    expect(byOperator.error?.message).toBe("This needs the admin role in Acme Ops; you are operator.");
  });

  it("refuses each bad input with its message and writes nothing", async () => {
    const { certPem, keyPem } = selfSignedCertificate("shop.example");
    const other = selfSignedCertificate("other.example");
    const big = `BIG=${"x".repeat(1024 * 1024)}\n`;
    const create = (name: string, values: unknown, extra: Record<string, unknown> = {}) => ({
      name,
      clusterId,
      namespace: ns,
      values,
      ...extra,
    });
    const file = (filename: string, content: string) => ({ kind: "file", filename, content });
    const cases: [string, string, unknown, RegExp | string][] = [
      [
        "a file that does not parse",
        "secrets.create",
        create("bad", file("x.env", "A=1\nnot a pair\n")),
        /the file x\.env, line 2: expected KEY=value/,
      ],
      [
        "duplicate keys",
        "secrets.create",
        create("bad", file("x.env", "A=1\nB=2\nA=3\n")),
        /line 3: duplicate key "A"/,
      ],
      [
        "an invalid key",
        "secrets.create",
        create("bad", { kind: "entries", entries: [{ key: "has space", value: "1" }] }),
        /row 1: the key is not a valid Kubernetes Secret key/,
      ],
      [
        "more than 1 MiB",
        "secrets.create",
        create("bad", file("big.env", big)),
        /the file big\.env is 1\.00 MiB; a secret holds at most 1 MiB/,
      ],
      [
        "a TLS pair that does not match",
        "secrets.create",
        create(
          "tls",
          {
            kind: "entries",
            entries: [
              { key: "tls.crt", value: certPem },
              { key: "tls.key", value: other.keyPem },
            ],
          },
          { type: "kubernetes.io/tls" },
        ),
        /tls\.crt and tls\.key do not match/,
      ],
      [
        "a name already taken",
        "secrets.create",
        create("db-creds", file("x.env", "A=1\n")),
        "A secret named db-creds already exists in this server's vault; rotate it or pick another name.",
      ],
      [
        "a namespace the person cannot use",
        "secrets.create",
        create("elsewhere", file("x.env", "A=1\n"), { namespace: "kube-system" }),
        "No such cluster or namespace for you in this server.",
      ],
      [
        "an unknown secret",
        "secrets.apply",
        { name: "nope" },
        "There is no secret named nope in this server's vault.",
      ],
      [
        "applying into a namespace the person cannot use",
        "secrets.apply",
        { name: "db-creds", namespace: "kube-system" },
        "No such cluster or namespace for you in this server.",
      ],
      [
        "a version the vault does not keep",
        "secrets.restoreVersion",
        { name: "db-creds", version: 99 },
        "db-creds has no version 99 (the vault keeps the last 10).",
      ],
      [
        "a diff file that does not parse",
        "secrets.diff",
        { name: "db-creds", against: file("v.json", '{"a": "1",\n "a": "2"}') },
        /duplicate key "a"/,
      ],
      [
        "a key both generated and uploaded",
        "secrets.planRotate",
        {
          name: "db-creds",
          generate: [{ key: "A" }],
          values: { kind: "entries", entries: [{ key: "A", value: "x" }] },
        },
        "Key A is both generated and uploaded; pick one.",
      ],
    ];
    const before = await vaultRows();
    for (const [what, procedure, input, message] of cases) {
      const res = await call(procedure, asBob, input);
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      if (typeof message === "string") expect(res.error?.message, what).toBe(message);
      else expect(res.error?.message, what).toMatch(message);
    }
    expect(await vaultRows()).toEqual(before);
    // A good TLS pair is accepted (so the mismatch above was refused for the mismatch).
    const tls = await call<SecretsCreateOutput>(
      "secrets.create",
      asBob,
      create(
        "shop-tls",
        {
          kind: "entries",
          entries: [
            { key: "tls.crt", value: certPem },
            { key: "tls.key", value: keyPem },
          ],
        },
        { type: "kubernetes.io/tls" },
      ),
    );
    expect(tls.data.secret).toMatchObject({ type: "kubernetes.io/tls", keys: ["tls.crt", "tls.key"] });
  });

  it("plans and deletes (admins), with the applied Kubernetes Secret", async () => {
    const plan = await call<ActionPlan>(
      "secrets.planDelete",
      asAlice,
      { name: "db-creds", deleteApplied: true },
      false,
    );
    expect(plan.data.summary).toBe("Delete secret db-creds from the vault?");
    expect(plan.data.changes).toEqual([
      "Secret db-creds and its 4 kept version(s) are removed from the vault; this cannot be undone.",
      `The Kubernetes Secret db-creds is deleted in ${ns} (shared).`,
    ]);
    // The token was for deleting the applied Secret too: not for the vault only.
    const mismatched = await call("secrets.delete", asAlice, {
      name: "db-creds",
      deleteApplied: false,
      confirmToken: plan.data.confirmToken,
    });
    expect(mismatched.status).toBe(403);
    const res = await call<{ message: string }>("secrets.delete", asAlice, {
      name: "db-creds",
      deleteApplied: true,
      confirmToken: plan.data.confirmToken,
    });
    expect(res.data.message).toBe(
      `Secret db-creds deleted from the vault; deleted the Kubernetes Secret in ${ns}.`,
    );
    await expect(h.cluster.kubectl(["get", "secret", "db-creds", "-n", ns])).rejects.toThrow(/NotFound/);
    const list = await call<SecretsListOutput>("secrets.list", asCarol, {}, false);
    expect(list.data.secrets.map((s) => s.name)).toEqual(["shop-tls"]);
    expect(await h.db.prisma.vaultSecretVersion.count({ where: { secret: { name: "db-creds" } } })).toBe(0);
  });

  it("audits every mutation by the secret's name only", async () => {
    const rows = await h.db.prisma.auditLog.findMany({ where: { action: { startsWith: "secrets." } } });
    const targets = new Set(rows.map((r) => `${r.action} ${r.target}`));
    expect(targets).toContain(`secrets.create vault/secret/db-creds -> cluster/${clusterId}/namespace/${ns}`);
    expect(targets).toContain("secrets.rotate vault/secret/db-creds");
    expect(targets).toContain("secrets.restoreVersion vault/secret/db-creds/version/1");
    expect(targets).toContain("secrets.delete vault/secret/db-creds");
    // A refusal's audit row says why, by key name.
    expect(rows.some((r) => r.result === "error" && /duplicate key "A"/.test(r.detail ?? ""))).toBe(true);
  });
});

describe("the vault's leak check", () => {
  /** Every row of every table, as JSON (PGlite and PostgreSQL alike). */
  async function databaseDump(): Promise<string> {
    const tables = await h.db.prisma.$queryRawUnsafe<{ table_name: string }[]>(
      "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'",
    );
    const parts: string[] = [];
    for (const { table_name } of tables) {
      const rows = await h.db.prisma.$queryRawUnsafe<{ row: unknown }[]>(
        `select row_to_json(t)::text as row from "${table_name.replaceAll('"', '""')}" t`,
      );
      parts.push(`${table_name}: ${rows.map((r) => String(r.row)).join("\n")}`);
    }
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(["VaultSecret", "VaultSecretVersion", "AuditLog", "Notification"]),
    );
    return parts.join("\n");
  }

  it("finds no value in responses, logs, audit or notification rows, or the database", async () => {
    // A value applied for the check: it must show up in the cluster, and only there.
    const probe = secretValue("applied-for-the-check");
    const created = await call("secrets.create", asBob, {
      name: "leak-probe",
      clusterId,
      namespace: ns,
      values: { kind: "entries", entries: [{ key: "PROBE", value: probe }] },
    });
    expect(created.status).toBe(200);
    expect((await call("secrets.apply", asBob, { name: "leak-probe" })).status).toBe(200);
    // A version sealed with a key this server lacks: refused clearly, and logged as unexpected (without values).
    const row = await h.db.prisma.vaultSecretVersion.findFirstOrThrow({
      where: { secret: { name: "leak-probe" } },
    });
    await h.db.prisma.vaultSecretVersion.update({
      where: { id: row.id },
      data: { sealed: row.sealed.replace(/^e1\.k1\./, "e1.k9.") },
    });
    const lostKey = await call("secrets.diff", asBob, { name: "leak-probe", against: { kind: "live" } });
    expect(lostKey.status).toBe(500);
    expect(lostKey.error?.message).toBe(
      "The vault secret leak-probe v1 was sealed with an encryption key this server does not have.",
    );
    expect(h.logged()).toContain("sealed with encryption key k9, which is not configured");
    await h.db.prisma.vaultSecretVersion.update({ where: { id: row.id }, data: { sealed: row.sealed } });

    expect(values.length).toBeGreaterThanOrEqual(9);
    const registered = values.map((value, i) => ({ label: `value #${i}`, value }));
    const audit = JSON.stringify(await h.db.prisma.auditLog.findMany(), (_, v) =>
      typeof v === "bigint" ? String(v) : v,
    );
    const notifications = JSON.stringify(await h.db.prisma.notification.findMany());
    const sources: [string, string][] = [
      ["responses", responses.join("\n")],
      ["log lines", h.logged()],
      ["audit rows", audit],
      ["notification rows", notifications],
      ["database dump", await databaseDump()],
    ];
    for (const [source, text] of sources) {
      expect(text.length, `${source} were collected`).toBeGreaterThan(0);
      expect(findLeaks(registered, text, source), source).toEqual([]);
    }
    // The check can fail: the probe's value is in the Kubernetes Secret (read with the admin kubeconfig).
    const inCluster = JSON.stringify((await liveSecret("leak-probe")).values);
    expect(findLeaks([{ label: "probe", value: probe }], inCluster, "the Kubernetes Secret")).toHaveLength(1);
  });
});
