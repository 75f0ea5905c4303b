import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "@clustercord/contracts";
import { PUBLIC_ONLY } from "@clustercord/outbound";
import { SECRET_MARKERS as MARKERS, SECRET_SHAPES as SECRETS } from "@clustercord/testenv";
import { describe, expect, it } from "vitest";
import { parseKubeconfig } from "../src/kubeconfig/index";
import { selfSignedCertificate } from "./fixtures/kubeconfigs/self-signed";

const cert = selfSignedCertificate("alice");
const b64 = (text: string) => Buffer.from(text).toString("base64");
const CA = b64(cert.certPem);

/** How a value is written after `field: ` (indent: the field's own indentation). */
const placements: Record<string, (value: string, indent: string) => string> = {
  plain: (v) => v,
  doubleQuoted: (v) => JSON.stringify(v),
  singleQuoted: (v) => `'${v.replaceAll("'", "''")}'`,
  literalBlock: (v, indent) =>
    `|\n${v
      .split("\n")
      .map((l) => `${indent}  ${l}`)
      .join("\n")}`,
};

/** The user (and cluster) lines with the secret in `field`; every field is a credential or carries one. */
const fields: Record<string, (value: string) => { user: string[]; cluster?: string[] }> = {
  token: (v) => ({ user: [`token: ${v}`] }),
  password: (v) => ({ user: ["username: admin", `password: ${v}`] }),
  username: (v) => ({ user: [`username: ${v}`, "password: pw"] }),
  "client-key-data": (v) => ({
    user: [`client-certificate-data: ${b64(cert.certPem)}`, `client-key-data: ${v}`],
  }),
  "client-certificate-data": (v) => ({
    user: [`client-certificate-data: ${v}`, `client-key-data: ${b64(cert.keyPem)}`],
  }),
  "certificate-authority-data": (v) => ({
    user: ["token: t"],
    cluster: [`certificate-authority-data: ${v}`],
  }),
  "proxy-url": (v) => ({
    user: ["token: t"],
    cluster: [`certificate-authority-data: ${CA}`, `proxy-url: ${v}`],
  }),
  "tls-server-name": (v) => ({
    user: ["token: t"],
    cluster: [`certificate-authority-data: ${CA}`, `tls-server-name: ${v}`],
  }),
  server: (v) => ({ user: ["token: t"], cluster: [`certificate-authority-data: ${CA}`], server: v }) as never,
};

function kubeconfigWith(field: string, placement: string, secret: string): string {
  const indent = "      ";
  const value = (placements[placement] ?? String)(secret, indent);
  const parts = (fields[field] ?? fields.token)?.(value) as {
    user: string[];
    cluster?: string[];
    server?: string;
  };
  const server =
    field === "server" ? `https://admin:${value}@203.0.113.10:6443` : "https://203.0.113.10:6443";
  const clusterLines = parts.cluster ?? [`certificate-authority-data: ${CA}`];
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "  - name: c",
    "    cluster:",
    `      server: ${server}`,
    ...clusterLines.map((l) => `${indent}${l}`),
    "users:",
    "  - name: u",
    "    user:",
    ...parts.user.map((l) => `${indent}${l}`),
    "contexts:",
    "  - name: ctx",
    "    context: { cluster: c, user: u }",
    "current-context: ctx",
    "",
  ].join("\n");
}

/** A refusal's text, or null when the kubeconfig was accepted (then its warnings must be clean too). */
function outcome(input: string): string | null {
  try {
    const parsed = parseKubeconfig(input, { policy: { ...PUBLIC_ONLY, allowProxy: true } });
    expect(parsed.warnings.join("\n")).not.toMatch(MARKERS);
    expect(JSON.stringify(parsed)).not.toMatch(MARKERS);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.code).toBe("BAD_REQUEST");
    // No cause either: a logged cause could carry the parser's quote of the source.
    return `${e.userMessage}\n${e.message}\n${e.cause === undefined ? "" : String(e.cause)}`;
  }
}

describe("no refusal quotes a credential", () => {
  const cases = Object.keys(fields).flatMap((field) =>
    Object.keys(placements).flatMap((placement) =>
      SECRETS.map((secret, i) => ({ field, placement, secret, i })),
    ),
  );

  it(`runs ${cases.length} kubeconfigs (every field, quoting and shape); refusals name fields, never values`, () => {
    const refusals = new Set<string>();
    for (const { field, placement, secret, i } of cases) {
      const message = outcome(kubeconfigWith(field, placement, secret));
      if (message === null) continue;
      if (MARKERS.test(message)) {
        throw new Error(`secret #${i + 1} in ${field} (${placement}) was quoted:\n${message.slice(0, 400)}`);
      }
      refusals.add(message.split("\n")[0]?.replace(/\d+/g, "N") ?? "");
    }
    // Not vacuous: the shapes reach many different refusals (tags, aliases, syntax, types, header rules, PEM…).
    expect(refusals.size).toBeGreaterThanOrEqual(25);
    const all = [...refusals].join("\n");
    for (const kind of [
      /YAML tags are not accepted/,
      /anchors\/aliases/,
      /YAML syntax error/,
      /expected a string/,
      /must be one line of printable characters/,
      /is not valid base(64|N)/,
      /mapping keys must be plain strings/,
      /must not contain a username or password/,
    ]) {
      expect(all).toMatch(kind);
    }
  });

  it("keeps quiet about the secret in every corpus refusal too (each bad fixture with a secret-shaped token)", () => {
    const badDir = join(import.meta.dirname, "fixtures", "kubeconfigs", "bad");
    let checked = 0;
    for (const file of readdirSync(badDir).filter((f) => f.endsWith(".yaml"))) {
      const text = readFileSync(join(badDir, file), "utf8");
      if (!/^\s+token: /m.test(text)) continue;
      for (const secret of SECRETS) {
        if (secret.includes("\n")) continue;
        const message = outcome(text.replace(/^(\s+token: ).*$/m, (_, lead: string) => `${lead}${secret}`));
        if (message === null) continue;
        checked++;
        expect(message, `${file} with ${secret.slice(0, 30)}`).not.toMatch(MARKERS);
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("does not name the text of a tag, a key that is not a field, or an unknown PEM type", () => {
    const tagged = outcome(kubeconfigWith("token", "plain", "!tok3n-SECRET-01"));
    expect(tagged).toMatch(
      /^users\[0\]\.user\.token: YAML tags are not accepted in kubeconfigs \(a value that starts with ! is read as a tag; put it in quotes if it is text\)/,
    );
    const duplicated = outcome(kubeconfigWith("password", "plain", "{s3cr3t-SECRET-08, s3cr3t-SECRET-08}"));
    expect(duplicated).toMatch(/^users\[0\]\.user\.password: duplicate key\n/);
    const nested = outcome(kubeconfigWith("token", "plain", "{s3cr3t-SECRET-07: !x y}"));
    expect(nested).toMatch(/^users\[0\]\.user\.token\[…\]: YAML tags are not accepted/);
    const pem = b64("-----BEGIN s3cr3t SECRET-----\nAAAA\n-----END s3cr3t SECRET-----\n");
    const upper = b64("-----BEGIN TOK3N SECRET-----\nAAAA\n-----END TOK3N SECRET-----\n");
    expect(outcome(kubeconfigWith("certificate-authority-data", "plain", upper))).toMatch(
      /certificate-authority-data: holds a PEM block of another type; only CERTIFICATE blocks are accepted/,
    );
    expect(outcome(kubeconfigWith("certificate-authority-data", "plain", pem))).not.toMatch(MARKERS);
  });
});
