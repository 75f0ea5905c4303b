import type { OutboundPolicy } from "@clustercord/outbound";
import { CLUSTER_POLICY_SETTINGS } from "../client/cluster-policy";
import { pastePrompt, present, type Warn } from "./fields";
import { checkBase64, checkCertificates } from "./pem";
import type { PathSegment, Problems } from "./problems";
import type { RawCluster } from "./schema";
import type { SelectedContext } from "./types";

export type SanitizedCluster = Omit<SelectedContext, "contextName" | "namespace" | "credentials">;

const hostnamePattern = /^[A-Za-z0-9.:[\]-]{1,253}$/;

export function checkCluster(
  c: RawCluster,
  path: PathSegment[],
  problems: Problems,
  warn: Warn,
  access: { policy: OutboundPolicy; adminAllowsInsecure: boolean },
): SanitizedCluster | null {
  const before = problems.list.length;
  if (present(c["certificate-authority"])) {
    problems.add([...path, "certificate-authority"], pastePrompt("certificate-authority-data"));
  }

  const server = checkServerUrl(c.server, access.policy);
  if ("problem" in server) problems.add([...path, "server"], server.problem);
  else if (server.plainHttp)
    warn([...path, "server"], "plain http: traffic, credentials included, is not encrypted");

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
    if (!access.policy.allowInsecureTls) {
      problems.add(
        p,
        `TLS verification cannot be turned off on this ClusterCord (that needs the operator setting ${CLUSTER_POLICY_SETTINGS.insecureTls}); remove it and give certificate-authority-data`,
      );
    } else if (!access.adminAllowsInsecure) {
      problems.add(
        p,
        "TLS verification cannot be turned off unless an admin allows an insecure cluster when adding it; or remove it and give certificate-authority-data",
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
    const proxy = checkProxyUrl(c["proxy-url"] as string, access.policy);
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
 * Absolute https URL (plain http only when the operator allows it), no
 * credentials in it. Returns a canonical form so what we store is what was
 * checked (WHATWG URL turns 0x7f.1 or 2130706433 into 127.0.0.1). Which
 * addresses it may reach is judged by the outbound guard on every connection.
 * Problems never echo the URL: it may carry a password.
 */
function checkServerUrl(
  value: string,
  policy: OutboundPolicy,
): { url: string; plainHttp: boolean } | { problem: string } {
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
  if (plainHttp && !policy.allowPlainHttp) {
    return {
      problem: `plain http:// is not accepted on this ClusterCord (that needs the operator setting ${CLUSTER_POLICY_SETTINGS.plainHttp}); use https://`,
    };
  }
  if (url.search || url.hash) return { problem: "must not have a query string (?) or fragment (#)" };
  const pathname = url.pathname.replace(/\/+$/, "");
  return { url: `${url.protocol}//${url.host}${pathname}`, plainHttp };
}

/** A proxy decides itself which address it reaches, so only an operator can allow one. */
function checkProxyUrl(value: string, policy: OutboundPolicy): { url: string } | { problem: string } {
  if (!policy.allowProxy) {
    return {
      problem: `proxies are not accepted on this ClusterCord: ClusterCord could not check which address a proxy reaches (allowing them needs the operator setting ${CLUSTER_POLICY_SETTINGS.proxy}); remove it`,
    };
  }
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
