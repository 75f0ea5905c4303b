import { pastePrompt, present, type Warn } from "./fields";
import { checkBase64, checkCertificates } from "./pem";
import type { PathSegment, Problems } from "./problems";
import type { RawCluster } from "./schema";
import type { SelectedContext } from "./types";

export type SanitizedCluster = Omit<SelectedContext, "contextName" | "namespace" | "credentials">;

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);
const hostnamePattern = /^[A-Za-z0-9.:[\]-]{1,253}$/;

export function checkCluster(
  c: RawCluster,
  path: PathSegment[],
  problems: Problems,
  warn: Warn,
  allowInsecure: boolean,
): SanitizedCluster | null {
  const before = problems.list.length;
  if (present(c["certificate-authority"])) {
    problems.add([...path, "certificate-authority"], pastePrompt("certificate-authority-data"));
  }

  const server = checkServerUrl(c.server);
  if ("problem" in server) problems.add([...path, "server"], server.problem);
  else if (server.plainHttp)
    warn([...path, "server"], "plain http to a loopback address: traffic is not encrypted");

  let caData: string | undefined;
  if (present(c["certificate-authority-data"])) {
    const p = [...path, "certificate-authority-data"];
    const b64 = checkBase64(c["certificate-authority-data"] as string);
    if (!b64.ok) problems.add(p, b64.problem);
    else {
      const certs = checkCertificates(b64.value.bytes);
      if (!certs.ok) problems.add(p, certs.problem);
      else caData = b64.value.canonical;
    }
  }

  const insecure = c["insecure-skip-tls-verify"] === true;
  if (insecure) {
    const p = [...path, "insecure-skip-tls-verify"];
    if (!allowInsecure) {
      problems.add(
        p,
        "TLS verification cannot be turned off; remove it and give certificate-authority-data (an admin can allow insecure clusters)",
      );
    } else if (present(c["certificate-authority-data"])) {
      problems.add(p, "cannot be combined with certificate-authority-data; keep one");
    } else warn(p, "TLS verification is off for this cluster");
  }

  let tlsServerName: string | undefined;
  if (present(c["tls-server-name"])) {
    const name = c["tls-server-name"] as string;
    if (!hostnamePattern.test(name)) problems.add([...path, "tls-server-name"], "must be a host name");
    else tlsServerName = name;
  }

  let proxyUrl: string | undefined;
  if (present(c["proxy-url"])) {
    const proxy = checkProxyUrl(c["proxy-url"] as string);
    if ("problem" in proxy) problems.add([...path, "proxy-url"], proxy.problem);
    else proxyUrl = proxy.url;
  }

  if (problems.list.length > before || "problem" in server) return null;
  return {
    server: server.url,
    ...(tlsServerName ? { tlsServerName } : {}),
    ...(caData ? { caData } : {}),
    insecureSkipTlsVerify: insecure,
    ...(proxyUrl ? { proxyUrl } : {}),
  };
}

/**
 * Absolute https URL (plain http only to loopback), no credentials in it.
 * Returns a canonical form so what we store is what was checked.
 * Problems never echo the URL: it may carry a password.
 */
function checkServerUrl(value: string): { url: string; plainHttp: boolean } | { problem: string } {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { problem: "must be an absolute URL such as https://203.0.113.10:6443" };
  }
  if (url.username || url.password) {
    return { problem: "must not contain a username or password; put credentials in users" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { problem: "must be an https:// URL" };
  if (!url.hostname) return { problem: "has no host" };
  const plainHttp = url.protocol === "http:";
  if (plainHttp && !loopbackHosts.has(url.hostname)) {
    return {
      problem:
        "plain http:// is only accepted for loopback hosts (localhost, 127.0.0.1, [::1]); use https://",
    };
  }
  if (url.search || url.hash) return { problem: "must not have a query string (?) or fragment (#)" };
  const pathname = url.pathname.replace(/\/+$/, "");
  return { url: `${url.protocol}//${url.host}${pathname}`, plainHttp };
}

function checkProxyUrl(value: string): { url: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { problem: "must be an absolute URL such as http://proxy.example:3128" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { problem: "only http:// and https:// proxies are accepted (not socks5 or other schemes)" };
  }
  if (!url.hostname) return { problem: "has no host" };
  return { url: url.href };
}
