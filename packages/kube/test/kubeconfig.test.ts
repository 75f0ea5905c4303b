import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "@clustercord/contracts";
import { type OutboundPolicy, PUBLIC_ONLY } from "@clustercord/outbound";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_KUBECONFIG_BYTES,
  type KubeconfigIntakeOptions,
  parseKubeconfig,
  type SelectedContext,
} from "../src/kubeconfig/index";
import { selfSignedCertificate } from "./fixtures/kubeconfigs/self-signed";

const fixtures = join(import.meta.dirname, "fixtures", "kubeconfigs");
const badDir = join(fixtures, "bad");
const manifest = JSON.parse(readFileSync(join(badDir, "manifest.json"), "utf8")) as Record<string, string>;
const badFiles = readdirSync(badDir)
  .filter((f) => f.endsWith(".yaml"))
  .sort();
const good = (file: string) => readFileSync(join(fixtures, "good", file), "utf8");
const caPem = good("ca.pem");
const caData = Buffer.from(caPem).toString("base64");
const b64 = (text: string) => Buffer.from(text).toString("base64");

/** Operator policies: each widening is a setting of its own. */
const withProxies: OutboundPolicy = { ...PUBLIC_ONLY, allowProxy: true };
const withPlainHttp: OutboundPolicy = { ...PUBLIC_ONLY, allowPlainHttp: true };
const withInsecureTls: OutboundPolicy = { ...PUBLIC_ONLY, allowInsecureTls: true };

/** Every secret value in the fixtures carries this marker (or is hunter2), so one scan covers them all. */
const secretMarker = /SECRET|hunter2/;

function refusal(input: string | Uint8Array, options?: KubeconfigIntakeOptions): AppError {
  try {
    parseKubeconfig(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe("BAD_REQUEST");
    expect(appError.message).not.toMatch(secretMarker);
    expect(appError.userMessage).not.toMatch(secretMarker);
    return appError;
  }
  throw new Error("expected the kubeconfig to be refused");
}

function kubeconfig(
  user: string,
  cluster = `      server: https://203.0.113.10:6443\n      certificate-authority-data: ${caData}`,
) {
  return [
    "clusters:",
    "  - name: c",
    "    cluster:",
    cluster,
    "users:",
    "  - name: u",
    "    user:",
    user,
    "contexts:",
    "  - name: ctx",
    "    context: { cluster: c, user: u }",
    "",
  ].join("\n");
}

describe("bad kubeconfig corpus", () => {
  it("has at least 24 cases and a manifest entry for each file", () => {
    expect(badFiles.length).toBeGreaterThanOrEqual(24);
    expect(Object.keys(manifest).sort()).toEqual(badFiles);
  });

  it.each(badFiles)("refuses %s with the specific problem", (file) => {
    const bytes = readFileSync(join(badDir, file));
    const expected = new RegExp(manifest[file] ?? "(no manifest entry)");
    expect(refusal(bytes).userMessage).toMatch(expected);
    // Same verdict whether the caller hands us bytes or a string.
    expect(refusal(bytes.toString("utf8")).userMessage).toMatch(expected);
  });

  it("refuses input over the size limit before parsing, and says the limit", () => {
    const huge = `# ${"x".repeat(DEFAULT_MAX_KUBECONFIG_BYTES)}\n`;
    expect(refusal(huge).userMessage).toMatch(
      /^the kubeconfig is 262147 bytes; the limit is 262144 bytes \(256 KiB\)$/,
    );
    // A perfectly valid file is still refused when over a smaller configured limit.
    const valid = good("token.yaml");
    expect(refusal(Buffer.from(valid), { maxBytes: 512 }).userMessage).toMatch(/the limit is 512 bytes/);
    // Size is counted in UTF-8 bytes, not characters.
    expect(refusal("é".repeat(300), { maxBytes: 512 }).userMessage).toMatch(/is 600 bytes/);
  });

  it("refuses bytes that are not UTF-8", () => {
    const bytes = Buffer.concat([
      Buffer.from("clusters:\n  - name: "),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from("\n"),
    ]);
    expect(refusal(bytes).userMessage).toBe("the kubeconfig is not valid UTF-8 text");
    expect(refusal("name: \uD800x\n").userMessage).toBe("the kubeconfig is not valid UTF-8 text");
  });

  it("refuses NUL bytes and pathological nesting", () => {
    expect(refusal("clusters: []\u0000\n").userMessage).toMatch(/NUL bytes/);
    const nested = (depth: number) => `clusters: ${"[".repeat(depth)}${"]".repeat(depth)}\n`;
    expect(refusal(nested(40)).userMessage).toMatch(/^clusters(\[0\]){32}: nested more than 32 levels deep$/);
    // Deep enough to exhaust the parser's own stack: refused, not crashed.
    expect(refusal(nested(50_000)).userMessage).toMatch(
      /^YAML syntax error at line 1, column \d+: nested too deeply$/,
    );
  });

  it("never quotes the source line in YAML errors, even when a token sits on it", () => {
    const broken = kubeconfig('      token: "tok-SECRET-3000\n      other: [');
    expect(refusal(broken).userMessage).toMatch(/^YAML syntax error at line \d+, column \d+/);
    const badEscape = kubeconfig('      token: "tok-SECRET-3001\\q"');
    expect(refusal(badEscape).userMessage).toMatch(/invalid escape sequence/);
  });

  it("reports several problems at once, each naming its field", () => {
    const message = refusal(
      kubeconfig("      exec: { command: sh }\n      tokenFile: /t", "      server: http://198.51.100.1"),
    ).userMessage.split("\n");
    expect(message).toEqual([
      expect.stringMatching(/^clusters\[0\]\.cluster\.server: plain http/),
      expect.stringMatching(/^users\[0\]\.user\.exec: /),
      expect.stringMatching(/^users\[0\]\.user\.tokenFile: /),
    ]);
  });

  it("rejects a maxBytes that is not a positive integer (a caller bug, not user input)", () => {
    expect(() => parseKubeconfig("a: 1", { maxBytes: 0 })).toThrow(RangeError);
  });
});

describe("good kubeconfigs", () => {
  it("accepts a minimal token kubeconfig and returns plain, self-contained data", () => {
    const parsed = parseKubeconfig(good("token.yaml"));
    expect(parsed.contexts).toEqual([
      { name: "prod-admin", cluster: "prod", user: "admin", namespace: "apps" },
    ]);
    expect(parsed.currentContext).toBe("prod-admin");
    expect(parsed.warnings).toEqual([]);
    const selected = parsed.select();
    expect(selected).toEqual({
      contextName: "prod-admin",
      server: "https://203.0.113.10:6443",
      caData,
      insecureSkipTlsVerify: false,
      namespace: "apps",
      credentials: { kind: "token", token: "good-token-SECRET-0001" },
    } satisfies SelectedContext);
    expect(Object.getPrototypeOf(selected)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(selected))).toEqual(selected);
    // Listing contexts never exposes credentials; only select() hands them out.
    expect(JSON.stringify(parsed)).not.toMatch(secretMarker);
    // Bytes and strings give the same result; a UTF-8 BOM is fine.
    expect(parseKubeconfig(Buffer.from(`\uFEFF${good("token.yaml")}`)).select()).toEqual(selected);
  });

  it("hands out copies, so a caller cannot change what the next select() returns", () => {
    const parsed = parseKubeconfig(good("token.yaml"));
    const first = parsed.select();
    first.server = "https://evil.example";
    (first.credentials as { token: string }).token = "changed";
    expect(parsed.select().server).toBe("https://203.0.113.10:6443");
    expect(parsed.select().credentials).toEqual({ kind: "token", token: "good-token-SECRET-0001" });
  });

  it("accepts a generated client certificate and key, with line-wrapped base64", () => {
    const { certPem, keyPem } = selfSignedCertificate("alice");
    const wrapped = b64(keyPem).replace(/.{1,76}/g, "$&\n        ");
    const yaml = kubeconfig(
      `      client-certificate-data: ${b64(certPem)}\n      client-key-data: |\n        ${wrapped}`,
    );
    const parsed = parseKubeconfig(yaml);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.select().credentials).toEqual({
      kind: "clientCertificate",
      certData: b64(certPem),
      keyData: b64(keyPem),
    });
  });

  it("refuses a client key that does not match its certificate, or is encrypted", () => {
    const alice = selfSignedCertificate("alice");
    const mallory = selfSignedCertificate("mallory");
    const mismatched = kubeconfig(
      `      client-certificate-data: ${b64(alice.certPem)}\n      client-key-data: ${b64(mallory.keyPem)}`,
    );
    expect(refusal(mismatched).userMessage).toBe(
      "users[0].user.client-key-data: does not match the certificate in client-certificate-data",
    );
    const encryptedPem =
      "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBAA==\n-----END ENCRYPTED PRIVATE KEY-----\n";
    const encrypted = kubeconfig(
      `      client-certificate-data: ${b64(alice.certPem)}\n      client-key-data: ${b64(encryptedPem)}`,
    );
    expect(refusal(encrypted).userMessage).toMatch(/client-key-data: is encrypted with a passphrase/);
  });

  it("warns about an expired client certificate without refusing it", () => {
    const { certPem, keyPem } = selfSignedCertificate("old", {
      notBefore: new Date("2020-01-01T00:00:00Z"),
      notAfter: new Date("2021-01-01T00:00:00Z"),
    });
    const parsed = parseKubeconfig(
      kubeconfig(`      client-certificate-data: ${b64(certPem)}\n      client-key-data: ${b64(keyPem)}`),
    );
    expect(parsed.warnings).toEqual([
      expect.stringMatching(
        /^users\[0\]\.user\.client-certificate-data: the client certificate expired on .*2021/,
      ),
    ]);
  });

  it("lists several contexts and selects each one", () => {
    // staging-legacy names a proxy: accepted only where the operator allows proxies.
    expect(refusal(good("multi-context.yaml")).userMessage).toMatch(
      /^clusters\[1\]\.cluster\.proxy-url: proxies are not accepted on this ClusterCord/,
    );
    const parsed = parseKubeconfig(good("multi-context.yaml"), { policy: withProxies });
    expect(parsed.currentContext).toBeNull();
    expect(parsed.contexts.map((c) => c.name)).toEqual(["prod", "staging-legacy"]);
    expect(() => parsed.select()).toThrow(
      /current-context is not set; choose one of the contexts: "prod", "staging-legacy"/,
    );
    expect(refusalOf(() => parsed.select("nope")).userMessage).toBe(
      'no context named "nope"; the kubeconfig has "prod", "staging-legacy"',
    );
    expect(parsed.select("prod")).toEqual({
      contextName: "prod",
      server: "https://prod.example.com:6443",
      tlsServerName: "kubernetes.default",
      caData,
      insecureSkipTlsVerify: false,
      credentials: { kind: "token", token: "multi-token-SECRET-0002" },
    });
    expect(parsed.select("staging-legacy")).toEqual({
      contextName: "staging-legacy",
      server: "https://staging.example.com/k8s/clusters/c-42",
      caData,
      insecureSkipTlsVerify: false,
      proxyUrl: "http://proxy.example.com:3128/",
      namespace: "team-a",
      credentials: { kind: "basic", username: "ops", password: "multi-password-SECRET-0003" },
    });
    expect(parsed.warnings).toEqual([
      expect.stringMatching(/^users\[1\]\.user: username\/password \(basic\) authentication is deprecated/),
    ]);
    expect(parsed.warnings.join("\n")).not.toMatch(secretMarker);
  });

  it("accepts insecure-skip-tls-verify only where the operator allows it and an admin opts in, and warns", () => {
    // The operator's setting comes first: an admin's opt-in alone is not enough.
    for (const options of [{}, { allowInsecureSkipTlsVerify: true }]) {
      expect(refusal(good("insecure.yaml"), options).userMessage).toBe(
        "clusters[0].cluster.insecure-skip-tls-verify: TLS verification cannot be turned off on this ClusterCord (that needs the operator setting CLUSTERCORD_ALLOW_INSECURE_CLUSTER_TLS); remove it and give certificate-authority-data",
      );
    }
    expect(refusal(good("insecure.yaml"), { policy: withInsecureTls }).userMessage).toMatch(
      /^clusters\[0\]\.cluster\.insecure-skip-tls-verify: TLS verification cannot be turned off unless an admin allows an insecure cluster/,
    );
    const parsed = parseKubeconfig(good("insecure.yaml"), {
      policy: withInsecureTls,
      allowInsecureSkipTlsVerify: true,
    });
    expect(parsed.warnings).toEqual([
      "clusters[0].cluster.insecure-skip-tls-verify: TLS verification is off for this cluster",
    ]);
    // No current-context, but only one context: that one is selected.
    expect(parsed.select()).toMatchObject({ contextName: "lab", insecureSkipTlsVerify: true });
    expect(parsed.select().caData).toBeUndefined();

    const both = kubeconfig(
      "      token: t",
      `      server: https://203.0.113.10:6443\n      certificate-authority-data: ${caData}\n      insecure-skip-tls-verify: true`,
    );
    expect(refusal(both, { policy: withInsecureTls, allowInsecureSkipTlsVerify: true }).userMessage).toMatch(
      /insecure-skip-tls-verify: cannot be combined with certificate-authority-data/,
    );
  });

  it("accepts plain http only where the operator allows it, with a warning", () => {
    for (const host of ["127.0.0.1", "[::1]", "localhost", "10.0.0.1", "203.0.113.10"]) {
      expect(refusal(kubeconfig("      token: t", `      server: http://${host}:8080`)).userMessage).toBe(
        "clusters[0].cluster.server: plain http:// is not accepted on this ClusterCord (that needs the operator setting CLUSTERCORD_ALLOW_PLAIN_HTTP_CLUSTERS); use https://",
      );
    }
    const parsed = parseKubeconfig(good("loopback-http.yaml"), { policy: withPlainHttp });
    expect(parsed.select().server).toBe("http://127.0.0.1:8080");
    expect(parsed.select("local6").server).toBe("http://[::1]:8080");
    expect(parsed.select("localname").server).toBe("http://localhost:8080");
    expect(parsed.warnings).toHaveLength(3);
    expect(parsed.warnings[0]).toBe(
      "clusters[0].cluster.server: plain http: traffic, credentials included, is not encrypted",
    );
  });

  it("refuses proxy-url unless the operator allows proxies, and then only http(s) ones", () => {
    const proxied = (proxy: string) =>
      kubeconfig(
        "      token: t",
        `      server: https://203.0.113.10:6443\n      certificate-authority-data: ${caData}\n      proxy-url: ${proxy}`,
      );
    expect(refusal(proxied("http://proxy.example.com:3128")).userMessage).toBe(
      "clusters[0].cluster.proxy-url: proxies are not accepted on this ClusterCord: ClusterCord could not check which address a proxy reaches (allowing them needs the operator setting CLUSTERCORD_ALLOW_CLUSTER_PROXY); remove it",
    );
    // Never quoting the proxy's credentials.
    expect(refusal(proxied("http://u:pw-SECRET@10.0.0.1:3128")).userMessage).not.toMatch(
      /SECRET|10\.0\.0\.1/,
    );
    expect(refusal(proxied("socks5://proxy.example.com:1080"), { policy: withProxies }).userMessage).toMatch(
      /proxy-url: only http:\/\/ and https:\/\/ proxies are accepted \(not socks5/,
    );
    expect(
      parseKubeconfig(proxied("http://proxy.example.com:3128"), { policy: withProxies }).select().proxyUrl,
    ).toBe("http://proxy.example.com:3128/");
  });

  it("stores odd IPv4 spellings of the server in dotted form (what the outbound guard judges)", () => {
    for (const host of ["0x7f.1", "2130706433", "0177.0.0.1"]) {
      const parsed = parseKubeconfig(
        kubeconfig(
          "      token: t",
          `      server: https://${host}:6443\n      certificate-authority-data: ${caData}`,
        ),
      );
      expect(parsed.select().server).toBe("https://127.0.0.1:6443");
    }
  });

  it("ignores unknown top-level keys and treats kubectl's empty values as unset", () => {
    const parsed = parseKubeconfig(
      `${kubeconfig('      token: t\n      client-certificate: ""')}preferences: {}\nextensions: []\ncurrent-context: ""\n`,
    );
    expect(parsed.currentContext).toBeNull();
    expect(parsed.select().credentials).toEqual({ kind: "token", token: "t" });
  });
});

function refusalOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a refusal");
}
