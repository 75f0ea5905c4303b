/**
 * Server-side apply of one object as whoever the kube config is (callers pass
 * the person's impersonated config): `fieldManager=clustercord`,
 * `fieldValidation=Strict`, never forcing conflicts (a conflict names the
 * other field manager), optionally `dryRun=All`. Admission warnings and a
 * refusal's Status come back as data, not exceptions.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { fromHttpAnswer } from "../client/errors";
import type { KindInfo } from "../openapi/discovery";
import { objectPath } from "../openapi/discovery";
import { parseRefusal, parseWarnings, type Refusal } from "./answers";
import { kubeRequest } from "./request";

export const FIELD_MANAGER = "clustercord";

export interface ApplyTarget {
  info: KindInfo;
  namespace: string | null;
  name: string;
}

export type ApplyAnswer =
  | {
      ok: true;
      object: Record<string, unknown>;
      /** 201: the object did not exist (so a diff needs no read of the live one). */
      created: boolean;
      warnings: string[];
    }
  | { ok: false; refusal: Refusal; warnings: string[] };

/** Objects we send are at most 1 MiB together; what comes back is bounded too. */
const OBJECT_MAX_BYTES = 4 * 1024 * 1024;

export async function serverSideApply(
  kc: KubeConfig,
  target: ApplyTarget,
  object: Record<string, unknown>,
  /** force: take fields another manager owns (only for a change the person confirmed field by field, a policy fix). */
  options: { dryRun: boolean; force?: boolean },
): Promise<ApplyAnswer> {
  const answer = await kubeRequest(kc, {
    method: "PATCH",
    path: objectPath(target.info, target.namespace, target.name),
    query: {
      fieldManager: FIELD_MANAGER,
      fieldValidation: "Strict",
      ...(options.dryRun ? { dryRun: "All" } : {}),
      ...(options.force ? { force: "true" } : {}),
    },
    // JSON is YAML: the apply-patch content type accepts it.
    contentType: "application/apply-patch+yaml",
    body: JSON.stringify(object),
    maxBytes: OBJECT_MAX_BYTES,
  });
  const warnings = parseWarnings(answer.headers.warning);
  if (answer.status >= 200 && answer.status < 300) {
    return {
      ok: true,
      object: JSON.parse(answer.text) as Record<string, unknown>,
      created: answer.status === 201,
      warnings,
    };
  }
  return { ok: false, refusal: parseRefusal(answer.status, answer.text), warnings };
}

/** The live object as whoever `kc` is, or null when it does not exist; other refusals throw (AppError). */
export async function readObject(
  kc: KubeConfig,
  target: ApplyTarget,
): Promise<Record<string, unknown> | null> {
  const answer = await kubeRequest(kc, {
    method: "GET",
    path: objectPath(target.info, target.namespace, target.name),
    maxBytes: OBJECT_MAX_BYTES,
  });
  if (answer.status === 200) return JSON.parse(answer.text) as Record<string, unknown>;
  if (answer.status === 404) return null;
  let body: unknown = answer.text;
  try {
    body = JSON.parse(answer.text);
  } catch {
    // described, not quoted
  }
  throw fromHttpAnswer(answer.status, body);
}

const CRD_INFO: KindInfo = {
  group: "apiextensions.k8s.io",
  version: "v1",
  kind: "CustomResourceDefinition",
  resource: "customresourcedefinitions",
  namespaced: false,
};

/**
 * Waits until a CustomResourceDefinition's `Established` condition is True
 * (its kinds are served), polling as `kc`; false when it is not within
 * `timeoutMs` or NamesAccepted is False (the names clash with another CRD).
 */
export async function waitForEstablished(
  kc: KubeConfig,
  name: string,
  timeoutMs = 60_000,
): Promise<{ established: boolean; message: string }> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (let delay = 100; ; delay = Math.min(delay * 2, 1_000)) {
    const crd = await readObject(kc, { info: CRD_INFO, namespace: null, name });
    const conditions =
      ((crd?.status as { conditions?: { type?: string; status?: string; message?: string }[] } | undefined)
        ?.conditions as { type?: string; status?: string; message?: string }[] | undefined) ?? [];
    if (conditions.some((c) => c.type === "Established" && c.status === "True")) {
      return { established: true, message: "" };
    }
    const refused = conditions.find((c) => c.type === "NamesAccepted" && c.status === "False");
    if (refused) return { established: false, message: refused.message ?? "its names were not accepted" };
    last = conditions.map((c) => `${c.type}=${c.status}`).join(", ");
    if (Date.now() + delay > deadline) {
      return {
        established: false,
        message: `not established after ${Math.round(timeoutMs / 1000)} s${last ? ` (${last})` : ""}`,
      };
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** Runs `fn` over `items` with at most `limit` at a time; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
