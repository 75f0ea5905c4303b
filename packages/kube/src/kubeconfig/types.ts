import type { OutboundPolicy } from "@clustercord/outbound";

export interface KubeconfigIntakeOptions {
  /** Largest accepted input in bytes, checked before parsing. Default 256 KiB. */
  maxBytes?: number;
  /**
   * The operator's policy: whether plain http, a proxy-url or TLS
   * verification off may be accepted at all. Default PUBLIC_ONLY (none).
   */
  policy?: OutboundPolicy;
  /**
   * Admin opt-in for this one cluster: accept `insecure-skip-tls-verify: true`
   * (with a warning), only where the policy allows insecure TLS. Default false.
   */
  allowInsecureSkipTlsVerify?: boolean;
}

export type KubeCredentials =
  | { kind: "token"; token: string }
  | { kind: "clientCertificate"; certData: string; keyData: string }
  | { kind: "basic"; username: string; password: string };

/** One self-contained context: server URL, inline CA data and inline credentials only. Plain data. */
export interface SelectedContext {
  contextName: string;
  /** https://…, or http://… only where the operator allows plain http. */
  server: string;
  tlsServerName?: string;
  /** Base64 of PEM CERTIFICATE block(s). */
  caData?: string;
  insecureSkipTlsVerify: boolean;
  /** http(s) only, and only where the operator allows proxies. */
  proxyUrl?: string;
  namespace?: string;
  credentials: KubeCredentials;
}

export interface KubeconfigContextSummary {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

export interface SanitizedKubeconfig {
  /** Safe to show: names only, no secrets. */
  contexts: KubeconfigContextSummary[];
  currentContext: string | null;
  /**
   * One context ready to store. Defaults to current-context, or the only
   * context. Throws AppError BAD_REQUEST naming the missing context.
   */
  select(contextName?: string): SelectedContext;
  /** Accepted-but-risky settings, e.g. TLS verification off. No secrets. */
  warnings: string[];
}
