import { pastePrompt, present, type Warn } from "./fields";
import { checkBase64, checkCertificates, checkPrivateKey } from "./pem";
import type { PathSegment, Problems } from "./problems";
import type { RawUser } from "./schema";
import type { KubeCredentials } from "./types";

// Sent as an HTTP header: one line, no spaces, nothing that could inject another header.
const tokenPattern = /^[\x21-\x7E]+$/;
const hasControlChars = (s: string) =>
  [...s].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
const kindWords: Record<KubeCredentials["kind"], string> = {
  token: "token",
  clientCertificate: "client certificate",
  basic: "username/password",
};

export function checkUser(
  u: RawUser,
  path: PathSegment[],
  problems: Problems,
  warn: Warn,
): KubeCredentials | null {
  const before = problems.list.length;
  const refuse = (field: string, why: string) => problems.add([...path, field], why);

  if (present(u.exec)) {
    refuse(
      "exec",
      "credential plugins run commands on our server and are not accepted; use a token or client certificate",
    );
  }
  if (present(u["auth-provider"])) {
    refuse(
      "auth-provider",
      "auth-provider plugins (gcp, azure, oidc) run code and read files on our server and are not accepted; use a token or client certificate",
    );
  }
  for (const field of ["tokenFile", "token-file"] as const) {
    if (present(u[field]))
      refuse(
        field,
        "file paths are not accepted (they would be read from our server's disk); paste the token as token",
      );
  }
  if (present(u["client-certificate"])) refuse("client-certificate", pastePrompt("client-certificate-data"));
  if (present(u["client-key"])) refuse("client-key", pastePrompt("client-key-data"));
  for (const field of ["as", "as-uid", "as-groups", "as-user-extra"] as const) {
    if (present(u[field]))
      refuse(field, "impersonation settings are not accepted; ClusterCord sets impersonation itself");
  }
  if (problems.list.length > before) return null;

  const found: KubeCredentials[] = [];

  if (present(u.token)) {
    const token = (u.token as string).trim();
    if (!tokenPattern.test(token)) refuse("token", "must be one line of printable characters without spaces");
    else found.push({ kind: "token", token });
  }

  const certField = u["client-certificate-data"];
  const keyField = u["client-key-data"];
  if (present(certField) || present(keyField)) {
    if (!present(keyField)) refuse("client-key-data", "is missing: client-certificate-data needs its key");
    else if (!present(certField))
      refuse("client-certificate-data", "is missing: client-key-data needs its certificate");
    else {
      const pair = checkClientCertificate(certField as string, keyField as string, path, problems, warn);
      if (pair) found.push(pair);
    }
  }

  if (present(u.username) || present(u.password)) {
    if (!present(u.password)) refuse("password", "is missing: username needs a password");
    else if (!present(u.username)) refuse("username", "is missing: password needs a username");
    else {
      const username = u.username as string;
      const password = u.password as string;
      if (username.includes(":") || hasControlChars(username))
        refuse("username", "must not contain : or control characters");
      else if (hasControlChars(password)) refuse("password", "must not contain control characters");
      else {
        warn(
          path,
          "username/password (basic) authentication is deprecated and not supported since Kubernetes 1.19; prefer a token",
        );
        found.push({ kind: "basic", username, password });
      }
    }
  }

  if (problems.list.length > before) return null;
  if (found.length === 0) {
    problems.add(path, "no credentials: give a token or client certificate data");
    return null;
  }
  if (found.length > 1) {
    problems.add(
      path,
      `several credentials (${found.map((c) => kindWords[c.kind]).join(", ")}); keep exactly one`,
    );
    return null;
  }
  return found[0] ?? null;
}

function checkClientCertificate(
  certValue: string,
  keyValue: string,
  path: PathSegment[],
  problems: Problems,
  warn: Warn,
): KubeCredentials | null {
  const certPath = [...path, "client-certificate-data"];
  const keyPath = [...path, "client-key-data"];
  const certB64 = checkBase64(certValue);
  const keyB64 = checkBase64(keyValue);
  if (!certB64.ok) problems.add(certPath, certB64.problem);
  if (!keyB64.ok) problems.add(keyPath, keyB64.problem);
  if (!certB64.ok || !keyB64.ok) return null;

  const certs = checkCertificates(certB64.value.bytes);
  const key = checkPrivateKey(keyB64.value.bytes);
  if (!certs.ok) problems.add(certPath, certs.problem);
  if (!key.ok) problems.add(keyPath, key.problem);
  if (!certs.ok || !key.ok) return null;

  const [leaf] = certs.value;
  if (!leaf?.checkPrivateKey(key.value)) {
    problems.add(keyPath, "does not match the certificate in client-certificate-data");
    return null;
  }
  if (Date.parse(leaf.validTo) < Date.now())
    warn(certPath, `the client certificate expired on ${leaf.validTo}`);
  return { kind: "clientCertificate", certData: certB64.value.canonical, keyData: keyB64.value.canonical };
}
