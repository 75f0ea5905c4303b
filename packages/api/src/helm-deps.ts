import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOutboundGuard, type OutboundPolicy, type Resolver } from "@clustercord/outbound";
import type { HelmDeps } from "./context";

/** The operator settings that widen where charts may come from (parsed in apps/web/src/server/env.ts). */
export const CHART_POLICY_SETTINGS = {
  networks: "CLUSTERCORD_ALLOWED_CHART_NETWORKS",
  plainHttp: "CLUSTERCORD_ALLOW_PLAIN_HTTP_CHARTS",
} as const;

/**
 * Helm for one API process: the CLI, ArtifactHub, the guard every chart
 * download and index fetch goes through, and a private work directory
 * (mkdtemp makes it 0700) for Helm's cache and temporary kubeconfigs.
 */
export function createHelmDeps(options: {
  binary: string;
  artifactHubUrl: string;
  policy: OutboundPolicy;
  /** Helm's --timeout for operations that wait (default 300). */
  timeoutSeconds?: number;
  /** Tests only: a resolver in place of DNS. */
  resolve?: Resolver;
}): HelmDeps {
  return {
    binary: options.binary,
    artifactHubUrl: options.artifactHubUrl.replace(/\/+$/, ""),
    guard: createOutboundGuard(options.policy, {
      settingNames: CHART_POLICY_SETTINGS,
      resolve: options.resolve,
    }),
    workDir: mkdtempSync(join(tmpdir(), "clustercord-helm-")),
    timeoutSeconds: options.timeoutSeconds ?? 300,
  };
}
