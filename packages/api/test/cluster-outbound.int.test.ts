import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { createCredentialCipher, createDiscordDirectory } from "@clustercord/auth";
import { insertCluster } from "@clustercord/db";
import type { SelectedContext } from "@clustercord/kube";
import { type OutboundPolicy, PUBLIC_ONLY, type Resolver } from "@clustercord/outbound";
import {
  callTrpc,
  localClusterPolicy,
  openTestDatabase,
  SECRET_MARKERS,
  SECRET_SHAPES,
  seedRoleMappings,
  selfSignedCertificate,
  workerHeaders,
} from "@clustercord/testenv";
import { type DiscordStandIn, startDiscordStandIn } from "@clustercord/testenv/discord";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiHandler, createClusterGuard, createRateLimiter, ResourceCaches } from "../src/index";

/**
 * clusters.add and clusters.status against an https "API server" the
 * attacker controls, which points at an internal http service: the API
 * must never reach the internal service, nor echo its answer, a redirect's
 * location or a credential, in its reply or in the audit rows every guild
 * admin reads. No Kubernetes needed: the attack never gets that far.
 */
const ALICE = "100000000000000001"; // admin of Acme
const CAROL = "100000000000000003"; // viewer in Acme
const ACME = "200000000000000001";
const TOKEN = registerSecret(randomBytes(32).toString("hex"), "worker service token");
const SERVER_NAME = "fake-apiserver";
const INTERNAL_ANSWER = "internal-answer-b4dc0de";
const cert = selfSignedCertificate(SERVER_NAME);
const caData = Buffer.from(cert.certPem).toString("base64");

let testDb: Awaited<ReturnType<typeof openTestDatabase>>;
let standIn: DiscordStandIn;
const cipher = createCredentialCipher([{ id: "k1", key: randomBytes(32) }]);
const apis: { server: http.Server; caches: ResourceCaches }[] = [];
let internal: http.Server;
let internalPort = 0;
let internalHits = 0;
let fake: https.Server;
let fakePort = 0;
let fakeHits = 0;
let mode: "redirect" | "alien" = "redirect";

/** The API over HTTP on the shared database, with `policy` as the operator's. */
async function startApi(policy: OutboundPolicy, resolve?: Resolver) {
  const caches = new ResourceCaches();
  const server = http.createServer(
    createApiHandler({
      prisma: testDb.db.prisma,
      directory: createDiscordDirectory({ apiBase: standIn.apiBase, botToken: standIn.fixture.bot.token }),
      serviceToken: TOKEN,
      cipher,
      confirmationKey: randomBytes(32),
      caches,
      // 180 refusals as one person; the rate limits have their own tests.
      rateLimiter: createRateLimiter({ scale: 10 }),
      clusterGuard: createClusterGuard(policy, resolve ? { resolve } : {}),
    }),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  apis.push({ server, caches });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return <T>(procedure: string, who: string, options: { input?: unknown; mutation?: boolean } = {}) =>
    callTrpc<T>(url, procedure, { headers: workerHeaders(TOKEN, who, ACME), ...options });
}

type Call = Awaited<ReturnType<typeof startApi>>;
let local: Call; // 127.0.0.1/32 allowed (as the tests and the demo run), metadata.test -> 169.254.169.254
let publicOnly: Call; // the default: public addresses only

const metadataResolver: Resolver = async (hostname) =>
  hostname === "metadata.test" ? [{ address: "169.254.169.254", family: 4 }] : [];

beforeAll(async () => {
  testDb = await openTestDatabase();
  standIn = await startDiscordStandIn();
  await seedRoleMappings(testDb.db.prisma, standIn.fixture.guilds);
  internal = http.createServer((_req, res) => {
    internalHits++;
    res.setHeader("Content-Type", "application/json");
    res.end(
      JSON.stringify({ major: "1", minor: "37", gitVersion: INTERNAL_ANSWER, platform: "linux/amd64" }),
    );
  });
  await new Promise<void>((r) => internal.listen(0, "127.0.0.1", r));
  internalPort = (internal.address() as AddressInfo).port;
  fake = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    fakeHits++;
    if (mode === "redirect") {
      res.writeHead(302, { Location: `http://127.0.0.1:${internalPort}${req.url}` });
      res.end(`moved to the internal service on ${internalPort}`);
    } else {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ gitVersion: INTERNAL_ANSWER }));
    }
  });
  await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
  fakePort = (fake.address() as AddressInfo).port;
  local = await startApi(localClusterPolicy, metadataResolver);
  publicOnly = await startApi(PUBLIC_ONLY);
});

afterAll(async () => {
  for (const { server, caches } of apis) {
    caches.stopAll();
    await new Promise((r) => server.close(r));
  }
  if (internal) await new Promise((r) => internal.close(r));
  if (fake) {
    fake.closeAllConnections();
    await new Promise((r) => fake.close(r));
  }
  await standIn?.close();
  await testDb?.drop();
});

beforeEach(() => {
  mode = "redirect";
  internalHits = 0;
  fakeHits = 0;
});

function kubeconfig(server: string, options: { token?: string; cluster?: string[] } = {}): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "  - name: c",
    "    cluster:",
    `      server: ${server}`,
    `      tls-server-name: ${SERVER_NAME}`,
    ...(options.cluster ?? [`certificate-authority-data: ${caData}`]).map((l) => `      ${l}`),
    "users:",
    "  - name: u",
    "    user:",
    `      token: ${options.token ?? "tok-SECRET-add"}`,
    "contexts:",
    "  - name: ctx",
    "    context: { cluster: c, user: u }",
    "current-context: ctx",
    "",
  ].join("\n");
}

/** clusters.add as Acme's admin; returns the refusal's user message (and checks nothing was stored). */
async function refusedAdd(call: Call, name: string, yaml: string, extra: Record<string, unknown> = {}) {
  const res = await call("clusters.add", ALICE, {
    input: { name, kubeconfig: yaml, shared: false, ...extra },
    mutation: true,
  });
  expect(res.status).toBe(400);
  expect(await testDb.db.prisma.cluster.count({ where: { name } })).toBe(0);
  return res.error?.data.userMessage ?? "";
}

/** Every audit row's text, as a guild admin reads it (audit.list) and as the table holds it. */
async function auditText(): Promise<string> {
  const listed = await local<unknown>("audit.list", ALICE, { input: { limit: 100 } });
  expect(listed.status).toBe(200);
  const rows = await testDb.db.prisma.$queryRawUnsafe<{ row: string }[]>(
    `select row_to_json(a)::text as row from "AuditLog" a`,
  );
  return `${JSON.stringify(listed.data)}\n${rows.map((r) => r.row).join("\n")}`;
}

describe("SSRF through cluster registration", () => {
  it("clusters.add does not follow a redirect to an internal service, nor name it, nor show its answer", async () => {
    const message = await refusedAdd(local, "redirected", kubeconfig(`https://127.0.0.1:${fakePort}`));
    expect(message).toBe(
      "Cluster not added: cannot reach the API server: the server answered with a redirect (HTTP 302); ClusterCord does not follow redirects.",
    );
    expect(fakeHits).toBeGreaterThan(0);
    expect(internalHits).toBe(0);
    const audit = await auditText();
    expect(audit).toContain("does not follow redirects");
    expect(audit).not.toContain(String(internalPort));
    expect(audit).not.toContain(INTERNAL_ANSWER);
  });

  it("clusters.status (any viewer) re-probes a stored cluster without following its redirect", async () => {
    const id = randomUUID();
    const selected: SelectedContext = {
      contextName: "ctx",
      server: `https://127.0.0.1:${fakePort}`,
      tlsServerName: SERVER_NAME,
      caData,
      insecureSkipTlsVerify: false,
      credentials: { kind: "token", token: "tok-SECRET-stored" },
    };
    await insertCluster(testDb.db.prisma, {
      id,
      guildId: ACME,
      name: "turned-bad",
      server: selected.server,
      shared: false,
      insecure: false,
      credential: cipher.seal(JSON.stringify(selected), { guildId: ACME, clusterId: id }),
      keyId: cipher.activeKeyId,
      createdBy: ALICE,
    });
    for (const m of ["redirect", "alien"] as const) {
      mode = m;
      const status = await local<{ health: { version: string | null; problem: string | null } }>(
        "clusters.status",
        CAROL,
        { input: { clusterId: id } },
      );
      expect(status.status).toBe(200);
      expect(status.data.health.version).toBeNull();
      expect(status.data.health.problem).toBe(
        m === "redirect"
          ? "cannot reach the API server: the server answered with a redirect (HTTP 302); ClusterCord does not follow redirects"
          : "the address answered, but not like a Kubernetes API server (its /version is not Kubernetes')",
      );
      expect(JSON.stringify(status.data)).not.toMatch(
        new RegExp(`${INTERNAL_ANSWER}|${internalPort}|SECRET`),
      );
    }
    expect(internalHits).toBe(0);
  });

  it("refuses a name that resolves to the metadata address", async () => {
    const message = await refusedAdd(local, "metadata", kubeconfig(`https://metadata.test:${fakePort}`));
    expect(message).toMatch(
      /^Cluster not added: cannot reach the API server: metadata\.test resolves to a cloud metadata address; only public addresses are allowed unless an operator allows the network in CLUSTERCORD_ALLOWED_CLUSTER_NETWORKS\.$/,
    );
    expect(fakeHits).toBe(0);
  });

  it("sees hex and decimal spellings for the addresses they are", async () => {
    const cases = [
      ["0xa9.0xfe.0xa9.0xfe", "169.254.169.254 is a cloud metadata address"],
      ["2852039166", "169.254.169.254 is a cloud metadata address"],
      ["0x7f.0.0.2", "127.0.0.2 is a loopback address"],
      ["2130706434", "127.0.0.2 is a loopback address"],
      ["[::ffff:7f00:2]", "(IPv4-mapped IPv6 of 127.0.0.2) is a loopback address"],
    ];
    for (const [host, what] of cases) {
      expect(await refusedAdd(local, "spelled", kubeconfig(`https://${host}:${fakePort}`))).toContain(what);
    }
    expect(fakeHits).toBe(0);
  });

  it("refuses localhost and 127.0.0.1 where the operator has not allowed loopback", async () => {
    expect(await refusedAdd(publicOnly, "local", kubeconfig(`https://localhost:${fakePort}`))).toMatch(
      /cannot reach the API server: localhost resolves to a loopback address; only public addresses are allowed/,
    );
    expect(await refusedAdd(publicOnly, "local", kubeconfig(`https://127.0.0.1:${fakePort}`))).toMatch(
      /cannot reach the API server: 127\.0\.0\.1 is a loopback address/,
    );
    expect(fakeHits).toBe(0);
  });

  it("refuses proxy-url, plain http and TLS verification off, naming the operator setting", async () => {
    const proxied = kubeconfig(`https://203.0.113.10:6443`, {
      cluster: [`certificate-authority-data: ${caData}`, `proxy-url: http://127.0.0.1:${internalPort}`],
    });
    expect(await refusedAdd(local, "proxied", proxied)).toMatch(
      /clusters\[0\]\.cluster\.proxy-url: proxies are not accepted on this ClusterCord: .*CLUSTERCORD_ALLOW_CLUSTER_PROXY/,
    );
    expect(await refusedAdd(local, "plain", kubeconfig(`http://127.0.0.1:${internalPort}`))).toMatch(
      /clusters\[0\]\.cluster\.server: plain http:\/\/ is not accepted on this ClusterCord \(that needs the operator setting CLUSTERCORD_ALLOW_PLAIN_HTTP_CLUSTERS\)/,
    );
    const insecure = kubeconfig(`https://127.0.0.1:${fakePort}`, {
      cluster: ["insecure-skip-tls-verify: true"],
    });
    expect(await refusedAdd(local, "insecure", insecure, { allowInsecure: true })).toMatch(
      /insecure-skip-tls-verify: TLS verification cannot be turned off on this ClusterCord \(that needs the operator setting CLUSTERCORD_ALLOW_INSECURE_CLUSTER_TLS\)/,
    );
    expect(internalHits).toBe(0);
    expect(fakeHits).toBe(0);
  });
});

describe("secrets in refusals", () => {
  it("no reply and no audit row quotes a token or password, whatever its shape", async () => {
    mode = "alien"; // a kubeconfig that passes intake is probed quickly and refused without a secret
    const server = `https://127.0.0.1:${fakePort}`;
    const placements = [(v: string) => v, (v: string) => JSON.stringify(v)];
    let refusals = 0;
    for (const secret of SECRET_SHAPES) {
      for (const place of placements) {
        const value = place(secret).replace(/\n/g, "\\n");
        const variants = [
          kubeconfig(server, { token: value }),
          kubeconfig(server).replace(/ {6}token: .*\n/, `      username: admin\n      password: ${value}\n`),
          kubeconfig(server).replace(
            / {6}token: .*\n/,
            `      client-certificate-data: ${caData}\n      client-key-data: ${value}\n`,
          ),
        ];
        for (const yaml of variants) {
          const res = await local("clusters.add", ALICE, {
            input: { name: "leaky", kubeconfig: yaml, shared: false },
            mutation: true,
          });
          expect(res.status).toBe(400);
          expect(JSON.stringify(res.error)).not.toMatch(SECRET_MARKERS);
          refusals++;
        }
      }
    }
    expect(refusals).toBe(SECRET_SHAPES.length * 6);
    const audit = await auditText();
    expect(audit).toContain("clusters.add");
    expect(audit).toContain("YAML tags are not accepted");
    expect(audit).not.toMatch(SECRET_MARKERS);
    expect(await testDb.db.prisma.cluster.count({ where: { name: "leaky" } })).toBe(0);
  });
});
