/**
 * Applying planned objects as the person, in order, stopping at the first
 * failure; CRDs are waited for (Established) before the objects after them,
 * and the cluster's discovery is refreshed so their kinds resolve.
 */
import type { ManifestApplyResult } from "@clustercord/contracts";
import {
  type ClusterSchemaCache,
  fromKubeError,
  type KindInfo,
  serverSideApply,
  waitForEstablished,
} from "@clustercord/kube";
import { type KubeObject, parsePolicyAnswer, planFix } from "@clustercord/policy";

type KubeConfig = Parameters<typeof serverSideApply>[0];

export interface ApplyItem {
  object: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } & Record<
    string,
    unknown
  >;
  /** This object's fields are taken from other managers (a confirmed fix); see PlannedObject. */
  force?: true;
}

/** `Deployment shop/api`, `ClusterRole reader`. */
export const objectLabel = (o: { kind: string; namespace: string | null; name: string }) =>
  `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;

const isCrd = (o: { apiVersion: string; kind: string }) =>
  o.kind === "CustomResourceDefinition" && o.apiVersion.startsWith("apiextensions.k8s.io/");

/** The kind's REST info, refreshing discovery once if the cluster did not serve it yet. */
export async function kindInfoOf(
  schemas: ClusterSchemaCache,
  object: { apiVersion: string; kind: string },
  crdApplied = false,
): Promise<KindInfo | undefined> {
  const discovery = await schemas.discovery([object.apiVersion]);
  const info = discovery.find(object.apiVersion, object.kind);
  if (info || !crdApplied) return info;
  // A CRD this batch just applied is Established, but discovery may show its kind a moment later.
  for (let attempt = 0; attempt < DISCOVERY_RETRIES; attempt++) {
    await new Promise((r) => setTimeout(r, 500));
    schemas.invalidate();
    const found = (await schemas.discovery([object.apiVersion])).find(object.apiVersion, object.kind);
    if (found) return found;
  }
  return undefined;
}

const DISCOVERY_RETRIES = 20;

type Row = ManifestApplyResult["objects"][number];

/**
 * A policy's answer named in the cluster's message: which policy, its words,
 * and the patch that fixes this object when the policy has one.
 */
export function deniedByPolicy(message: string, object: Record<string, unknown>) {
  const answer = parsePolicyAnswer(message);
  if (!answer) return null;
  const fix = planFix(answer.policy, object as KubeObject)?.ops;
  return {
    policy: answer.policy,
    severity: answer.severity,
    message: answer.message,
    ...(fix && fix.length > 0 ? { fix } : {}),
  };
}

export async function applyInOrder(
  kc: KubeConfig,
  schemas: ClusterSchemaCache,
  items: readonly ApplyItem[],
  base: { planId: string; clusterId: string },
  options: { force?: boolean } = {},
): Promise<ManifestApplyResult> {
  const rows: Row[] = items.map(({ object }) => ({
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace ?? null,
    name: object.metadata.name,
    result: "not-attempted",
    message: "",
  }));
  const warnings: string[] = [];
  let deniedBy: ManifestApplyResult["deniedBy"] = null;
  let failedAt = -1;
  let crdApplied = false;
  for (const [i, { object, force }] of items.entries()) {
    const row = rows[i] as Row;
    const fail = (message: string) => {
      row.result = "failed";
      row.message = message;
      failedAt = i;
    };
    try {
      const info = await kindInfoOf(schemas, object, crdApplied);
      if (!info) {
        fail(`the cluster does not serve ${object.kind} in ${object.apiVersion}`);
        break;
      }
      const answer = await serverSideApply(
        kc,
        { info, namespace: info.namespaced ? row.namespace : null, name: row.name },
        object,
        { dryRun: false, force: options.force === true || force === true },
      );
      for (const w of answer.warnings) warnings.push(`${objectLabel(row)}: ${w}`);
      if (!answer.ok) {
        fail(answer.refusal.message);
        const denied = deniedByPolicy(answer.refusal.message, object);
        deniedBy = denied
          ? { policy: denied.policy, message: denied.message, ...(denied.fix ? { fix: denied.fix } : {}) }
          : null;
        break;
      }
      row.result = "applied";
      if (isCrd(object)) {
        crdApplied = true;
        const ready = await waitForEstablished(kc, row.name);
        // Its kinds are served now (or never will be): the next objects need fresh discovery.
        schemas.invalidate();
        if (!ready.established) {
          row.result = "failed";
          row.message = `applied, but it is ${ready.message}`;
          failedAt = i;
          break;
        }
      }
    } catch (error) {
      fail(fromKubeError(error).userMessage);
      break;
    }
  }
  const count = (r: Row["result"]) => rows.filter((x) => x.result === r).length;
  const failed = failedAt >= 0 ? rows[failedAt] : undefined;
  return {
    ...base,
    status: failed ? "failed" : "applied",
    message: failed
      ? `Stopped at ${objectLabel(failed)}: ${count("applied")} applied, ${count("failed")} failed, ${count("not-attempted")} not attempted.`
      : `Applied ${rows.length} object${rows.length === 1 ? "" : "s"}.`,
    objects: rows,
    warnings,
    deniedBy,
  };
}
