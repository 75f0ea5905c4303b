import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { AppError } from "@clustercord/contracts";
import { type OutboundPolicy, PUBLIC_ONLY, type Resolver } from "@clustercord/outbound";
import { localClusterPolicy } from "@clustercord/testenv";
import { CoreV1Api, type KubeConfig, Watch } from "@kubernetes/client-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createClusterGuard,
  fromKubeError,
  impersonatedKubeConfig,
  probeCluster,
  toKubeConfig,
} from "../src/client/index";
import type { SelectedContext } from "../src/kubeconfig/index";
import { openExec, openLogStream } from "../src/streams/index";
import { selfSignedCertificate } from "./fixtures/kubeconfigs/self-signed";

/**
 * An https "API server" the attacker controls (self-signed, on 127.0.0.1)
 * and an internal http service it points at. Every way ClusterCord talks to
 * a cluster (probe, REST, watch, logs, exec; own and impersonated
 * credentials) must refuse to be led to the internal service.
 */
const INTERNAL_ANSWER = "internal-answer-c0ffee";
const BODY_SECRET = "body-SECRET-4242";
const SERVER_NAME = "fake-apiserver";
const cert = selfSignedCertificate(SERVER_NAME);

type Mode = "kube" | "redirect" | "alien" | "error-body" | "status-403";
let mode: Mode = "kube";
let internal: http.Server;
let internalPort = 0;
let internalHits = 0;
let fake: https.Server;
let fakePort = 0;
let fakeHits = 0;

function answerFake(req: http.IncomingMessage, res: http.ServerResponse) {
  fakeHits++;
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (mode === "redirect") {
    res.writeHead(302, { Location: `http://127.0.0.1:${internalPort}${req.url}` });
    res.end("see the internal service");
  } else if (mode === "alien") {
    json(200, { gitVersion: INTERNAL_ANSWER, major: "internal", minor: BODY_SECRET, platform: "x" });
  } else if (mode === "error-body") {
    res.writeHead(500, { "Content-Type": "text/html" });
    res.end(`<h1>${BODY_SECRET}</h1>`);
  } else if (mode === "status-403") {
    json(403, {
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      message: "namespaces is forbidden",
      code: 403,
    });
  } else if (req.url?.startsWith("/version")) {
    json(200, { major: "1", minor: "37", gitVersion: "v1.37.2", platform: "linux/amd64" });
  } else if (req.url?.includes("selfsubjectaccessreviews")) {
    json(201, {
      kind: "SelfSubjectAccessReview",
      apiVersion: "authorization.k8s.io/v1",
      status: { allowed: true },
    });
  } else if (req.url?.startsWith("/api/v1/nodes")) {
    json(200, { kind: "NodeList", apiVersion: "v1", metadata: {}, items: [] });
  } else json(404, { kind: "Status", apiVersion: "v1", message: "not here", code: 404 });
}

beforeAll(async () => {
  internal = http.createServer((_req, res) => {
    internalHits++;
    res.setHeader("Content-Type", "application/json");
    res.end(
      JSON.stringify({ major: "1", minor: "37", gitVersion: INTERNAL_ANSWER, platform: "linux/amd64" }),
    );
  });
  await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
  internalPort = (internal.address() as AddressInfo).port;
  fake = https.createServer({ cert: cert.certPem, key: cert.keyPem }, answerFake);
  await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
  fakePort = (fake.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => internal?.close(resolve));
  fake?.closeAllConnections();
  await new Promise((resolve) => fake?.close(resolve));
});

beforeEach(() => {
  mode = "kube";
  internalHits = 0;
  fakeHits = 0;
});

const selected = (
  server = `https://127.0.0.1:${fakePort}`,
  extra: Partial<SelectedContext> = {},
): SelectedContext => ({
  contextName: "fake",
  server,
  tlsServerName: SERVER_NAME,
  caData: Buffer.from(cert.certPem).toString("base64"),
  insecureSkipTlsVerify: false,
  credentials: { kind: "token", token: "fake-token-SECRET" },
  ...extra,
});

const identity = { user: "clustercord:discord:1", group: "clustercord:guild:2:viewer" };
const clients = (policy: OutboundPolicy, ctx: SelectedContext, resolve?: Resolver) => {
  const guard = createClusterGuard(policy, resolve ? { resolve } : {});
  return { own: toKubeConfig(ctx, guard), person: impersonatedKubeConfig(ctx, identity, guard) };
};

/** What each connection path says when it fails; one entry per path. */
async function everyPath(kc: KubeConfig): Promise<Record<string, string>> {
  const said: Record<string, string> = {};
  const text = (e: unknown) => {
    const app = fromKubeError(e);
    return `${app.userMessage} | ${app.message}`;
  };
  said.rest = await kc
    .makeApiClient(CoreV1Api)
    .listNamespace()
    .then(() => "ok", text);
  said.watch = await new Promise<string>((resolve) => {
    void new Watch(kc)
      .watch(
        "/api/v1/namespaces",
        {},
        () => {},
        (e) => resolve(e ? text(e) : "ended"),
      )
      .catch((e: unknown) => resolve(text(e)));
  });
  said.logs = await openLogStream(kc, { namespace: "ns", pod: "p" }, () => {}).then((s) => {
    s.stop();
    return "ok";
  }, text);
  said.exec = await openExec(
    kc,
    { namespace: "ns", pod: "p", container: "c", command: ["sh"], tty: false },
    () => {},
  ).then((s) => {
    s.close();
    return "ok";
  }, text);
  return said;
}

describe("redirects from a cluster address", () => {
  it("are not followed by the probe, and nothing of the internal answer is shown", async () => {
    mode = "redirect";
    const health = await probeCluster(clients(localClusterPolicy, selected()).own);
    expect(health).toEqual({
      reachable: false,
      version: null,
      nodeCount: null,
      canImpersonate: false,
      problem:
        "cannot reach the API server: the server answered with a redirect (HTTP 302); ClusterCord does not follow redirects",
    });
    expect(internalHits).toBe(0);
    expect(fakeHits).toBeGreaterThan(0);
  });

  it("are not followed on any path (REST, watch, logs, exec; own and impersonated credentials)", async () => {
    mode = "redirect";
    const { own, person } = clients(localClusterPolicy, selected());
    for (const kc of [own, person]) {
      const said = await everyPath(kc);
      expect(said.rest).toMatch(/redirect \(HTTP 302\); ClusterCord does not follow redirects/);
      expect(said.watch).toMatch(/redirect \(HTTP 302\)/);
      expect(said.logs).toMatch(/redirect \(HTTP 302\)/);
      expect(said.exec).toMatch(/302/);
      for (const text of Object.values(said)) {
        expect(text).not.toContain(String(internalPort));
        expect(text).not.toContain("internal service");
      }
    }
    expect(internalHits).toBe(0);
  });
});

describe("answers that are not Kubernetes'", () => {
  it("give a health result with no field of theirs", async () => {
    mode = "alien";
    const health = await probeCluster(clients(localClusterPolicy, selected()).own);
    expect(health).toMatchObject({ reachable: false, version: null });
    expect(health.problem).toBe(
      "the address answered, but not like a Kubernetes API server (its /version is not Kubernetes')",
    );
    expect(JSON.stringify(health)).not.toMatch(/internal-answer|SECRET/);
  });

  it("are described by status only, never quoting the body; a Kubernetes Status is quoted", async () => {
    mode = "error-body";
    const { own } = clients(localClusterPolicy, selected());
    const said = await everyPath(own);
    expect(said.rest).toMatch(/HTTP 500 from something that is not a Kubernetes API server/);
    expect(said.logs).toMatch(/HTTP 500 from something that is not a Kubernetes API server/);
    expect(JSON.stringify(said)).not.toContain("SECRET");
    expect((await probeCluster(own)).problem).toBe(
      "the API server's address gave HTTP 500 from something that is not a Kubernetes API server",
    );
    mode = "status-403";
    const refused = await own
      .makeApiClient(CoreV1Api)
      .listNamespace()
      .catch((e: unknown) => fromKubeError(e));
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).userMessage).toBe("The cluster said: namespaces is forbidden");
    expect((refused as AppError).code).toBe("FORBIDDEN");
  });

  it("a real Kubernetes-shaped answer still works through the guard", async () => {
    const health = await probeCluster(clients(localClusterPolicy, selected()).own);
    expect(health).toEqual({
      reachable: true,
      version: "v1.37.2",
      nodeCount: 0,
      canImpersonate: true,
      problem: null,
    });
  });
});

describe("addresses the operator has not allowed", () => {
  it("are refused on every path before anything is sent (127.0.0.1 not allowed)", async () => {
    const { own, person } = clients(PUBLIC_ONLY, selected());
    expect((await probeCluster(own)).problem).toBe(
      "cannot reach the API server: 127.0.0.1 is a loopback address; only public addresses are allowed unless an operator allows the network in CLUSTERCORD_ALLOWED_CLUSTER_NETWORKS",
    );
    for (const kc of [own, person]) {
      const said = await everyPath(kc);
      for (const [path, text] of Object.entries(said)) {
        expect(text, path).toMatch(/127\.0\.0\.1 is a loopback address/);
      }
    }
    expect(fakeHits).toBe(0);
  });

  it("refuses a name that resolves to the metadata address, and localhost, when they are not allowed", async () => {
    const metadata: Resolver = async () => [{ address: "169.254.169.254", family: 4 }];
    const byName = clients(localClusterPolicy, selected(`https://metadata.test:${fakePort}`), metadata).own;
    expect((await probeCluster(byName)).problem).toMatch(
      /^cannot reach the API server: metadata\.test resolves to a cloud metadata address;/,
    );
    for (const text of Object.values(await everyPath(byName))) expect(text).toMatch(/cloud metadata address/);

    const localhost = selected(`https://localhost:${fakePort}`);
    expect((await probeCluster(clients(PUBLIC_ONLY, localhost).own)).problem).toMatch(
      /^cannot reach the API server: localhost resolves to a loopback address;/,
    );
    expect(fakeHits).toBe(0);
    // With 127.0.0.1/32 allowed, the same name reaches the server through 127.0.0.1.
    expect((await probeCluster(clients(localClusterPolicy, localhost).own)).reachable).toBe(true);
  });

  it("sees hex and decimal spellings for what they are", async () => {
    for (const [host, what] of [
      ["0xa9.0xfe.0xa9.0xfe", "169.254.169.254 is a cloud metadata address"],
      ["2852039166", "169.254.169.254 is a cloud metadata address"],
      ["0x7f.0.0.2", "127.0.0.2 is a loopback address"],
      ["[::ffff:a9fe:a9fe]", "(IPv4-mapped IPv6 of 169.254.169.254) is a cloud metadata address"],
    ]) {
      const health = await probeCluster(
        clients(localClusterPolicy, selected(`https://${host}:${fakePort}`)).own,
      );
      expect(health.problem).toContain(what);
    }
    expect(fakeHits).toBe(0);
  });
});

describe("settings only an operator can allow, checked on every connection (stored clusters too)", () => {
  it("refuses a proxy, plain http and TLS verification off", async () => {
    const withProxy = selected(undefined, { proxyUrl: `http://127.0.0.1:${internalPort}` });
    expect((await probeCluster(clients(localClusterPolicy, withProxy).own)).problem).toMatch(
      /a proxy is not allowed: through one, ClusterCord cannot check which address it reaches \(an operator can allow it with CLUSTERCORD_ALLOW_CLUSTER_PROXY\)/,
    );
    const plain = selected(`http://127.0.0.1:${internalPort}`, { caData: undefined });
    expect((await probeCluster(clients(localClusterPolicy, plain).own)).problem).toMatch(
      /plain http:\/\/ is not allowed; use https:\/\/ \(an operator can allow it with CLUSTERCORD_ALLOW_PLAIN_HTTP_CLUSTERS\)/,
    );
    const insecure = selected(undefined, { caData: undefined, insecureSkipTlsVerify: true });
    expect((await probeCluster(clients(localClusterPolicy, insecure).own)).problem).toMatch(
      /TLS verification cannot be turned off \(an operator can allow it with CLUSTERCORD_ALLOW_INSECURE_CLUSTER_TLS\)/,
    );
    expect(internalHits).toBe(0);
    expect(fakeHits).toBe(0);
    // Allowed by the operator, the insecure cluster answers.
    const lax = { ...localClusterPolicy, allowInsecureTls: true };
    expect((await probeCluster(clients(lax, insecure).own)).reachable).toBe(true);
  });
});
