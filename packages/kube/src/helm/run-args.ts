/**
 * The pure parts of running the helm CLI: the kubeconfig it gets, the flags
 * that make it act as the person, and what its failure means to them.
 */
import { AppError, type AppErrorCode } from "@clustercord/contracts";
import { stringify } from "yaml";
import type { SelectedContext } from "../kubeconfig";

/** Who helm acts as: `--kube-as-user` and one `--kube-as-group` per group. */
export interface HelmImpersonation {
  user: string;
  groups: readonly string[];
}

/**
 * A kubeconfig holding only the cluster's own (sanitized) server, CA and
 * credentials, inline: no files, no exec plugins, nothing from an upload
 * beyond what intake kept.
 */
export function helmKubeconfigYaml(selected: SelectedContext): string {
  const c = selected.credentials;
  const user =
    c.kind === "token"
      ? { token: c.token }
      : c.kind === "clientCertificate"
        ? // Already base64 of PEM, as kubeconfig files hold them.
          { "client-certificate-data": c.certData, "client-key-data": c.keyData }
        : { username: c.username, password: c.password };
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "cluster",
        cluster: {
          server: selected.server,
          ...(selected.caData ? { "certificate-authority-data": selected.caData } : {}),
          ...(selected.insecureSkipTlsVerify ? { "insecure-skip-tls-verify": true } : {}),
          ...(selected.tlsServerName ? { "tls-server-name": selected.tlsServerName } : {}),
          ...(selected.proxyUrl ? { "proxy-url": selected.proxyUrl } : {}),
        },
      },
    ],
    users: [{ name: "clustercord", user }],
    contexts: [{ name: "selected", context: { cluster: "cluster", user: "clustercord" } }],
    "current-context": "selected",
  });
}

/** The flags every run gets: the private kubeconfig and the person to act as. */
export function helmGlobalArgs(kubeconfigPath: string, as: HelmImpersonation): string[] {
  if (!as.user) throw new Error("helm runs as a person: impersonation.user is required");
  return [
    "--kubeconfig",
    kubeconfigPath,
    "--kube-as-user",
    as.user,
    ...as.groups.flatMap((group) => ["--kube-as-group", group]),
  ];
}

/** The last `Error:` line helm printed (its own summary), else the last non-empty line. */
export function lastHelmError(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const errorLine = [...lines].reverse().find((l) => l.startsWith("Error:"));
  const line = errorLine ?? lines.at(-1) ?? "";
  return line.replace(/^Error:\s*/, "").slice(0, 1000);
}

function codeFor(reason: string): AppErrorCode {
  if (/\bforbidden\b/i.test(reason)) return "FORBIDDEN";
  if (/not found/i.test(reason)) return "NOT_FOUND";
  if (/cannot re-use a name|another operation .* in progress/i.test(reason)) return "CONFLICT";
  if (/\binvalid\b|is required|unknown flag|must be|failed to parse|cannot be/i.test(reason))
    return "BAD_REQUEST";
  return "UPSTREAM";
}

/**
 * Helm's failure as the person sees it: its last `Error:` line, masked, with
 * the paths of this run (the private kubeconfig, the work dir) taken out.
 * "forbidden" comes from the API server: Kubernetes refused the person.
 */
export function helmFailure(
  stderr: string,
  options: { mask: (text: string) => string; hide: readonly string[]; exitCode: number | null },
): AppError {
  let reason = options.mask(lastHelmError(stderr));
  for (const path of options.hide) if (path) reason = reason.split(path).join("…");
  const code = codeFor(reason);
  return new AppError(code, {
    message: `helm exited with ${options.exitCode ?? "a signal"}: ${reason}`,
    userMessage: reason ? `Helm: ${reason}` : "Helm failed without saying why.",
  });
}
