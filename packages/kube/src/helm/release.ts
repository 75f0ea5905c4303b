import { gunzipSync } from "node:zlib";
import { AppError, type HelmRelease, HelmReleaseStatus } from "@clustercord/contracts";
import { z } from "zod";

/** Refuse a release whose JSON unpacks beyond this: Helm's own are a few MiB at most (the Secret is ≤ 1 MiB). */
export const HELM_RELEASE_MAX_JSON_BYTES = 32 * 1024 * 1024;
/** A Secret's data is ≤ 1 MiB; its base64 of base64 is under 2 MiB of text. */
const MAX_ENCODED_CHARS = 4 * 1024 * 1024;

export const HELM_RELEASE_SECRET_TYPE = "helm.sh/release.v1";

/** One revision of a release as Helm stored it, in our names. */
export interface HelmReleaseRecord {
  name: string;
  namespace: string;
  revision: number;
  status: HelmReleaseStatus;
  /** RFC 3339, when this revision was deployed. */
  updated: string;
  firstDeployed: string | null;
  description: string;
  notes: string;
  chart: { name: string; version: string; appVersion: string | null };
  /** The values the person supplied (`helm get values`). */
  userValues: Record<string, unknown>;
  /** The chart's defaults (values.yaml). */
  chartValues: Record<string, unknown>;
  manifest: string;
}

const values = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((v) => v ?? {});
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? "");

/** Only the fields we read; Helm's JSON carries much more (templates, files, hooks). */
const releaseJson = z.object({
  name: z.string().min(1),
  namespace: z.string().min(1),
  version: z.number().int().min(1),
  info: z.object({
    status: z.string().nullish(),
    first_deployed: z.string().nullish(),
    last_deployed: z.string().nullish(),
    description: text,
    notes: text,
  }),
  chart: z.object({
    metadata: z.object({ name: z.string(), version: z.string(), appVersion: z.string().nullish() }),
    values,
  }),
  config: values,
  manifest: text,
});

const unreadable = (why: string) =>
  new AppError("INTERNAL", {
    message: `Helm release record: ${why}`,
    userMessage: `a Helm release record could not be read: ${why}`,
  });

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

function fromBase64(value: string, layer: string): Buffer {
  const compact = value.replace(/\s+/g, "");
  if (compact.length % 4 !== 0 || !base64.test(compact)) throw unreadable(`${layer} is not base64`);
  return Buffer.from(compact, "base64");
}

/**
 * A release Secret's `data.release` (as the API returns it: base64 of
 * Helm's base64 of gzip of JSON) -> the revision. Older Helm versions
 * stored plain JSON without gzip; both are read.
 */
export function decodeRelease(secretDataReleaseBase64: string): HelmReleaseRecord {
  if (secretDataReleaseBase64.length > MAX_ENCODED_CHARS)
    throw unreadable("it is larger than a Secret can hold");
  const helmText = fromBase64(secretDataReleaseBase64, "the Secret's data").toString("latin1");
  const packed = fromBase64(helmText, "the base64 inside it");
  let json: Buffer = packed;
  if (packed[0] === 0x1f && packed[1] === 0x8b) {
    try {
      json = gunzipSync(packed, { maxOutputLength: HELM_RELEASE_MAX_JSON_BYTES });
    } catch (error) {
      const tooBig =
        (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError;
      throw unreadable(
        tooBig
          ? `it unpacks to more than ${HELM_RELEASE_MAX_JSON_BYTES / 1024 / 1024} MiB`
          : "it is not valid gzip",
      );
    }
  } else if (packed.length > HELM_RELEASE_MAX_JSON_BYTES) {
    throw unreadable(`it is more than ${HELM_RELEASE_MAX_JSON_BYTES / 1024 / 1024} MiB`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString("utf8"));
  } catch {
    throw unreadable("it is not JSON (neither gzip nor plain Helm JSON)");
  }
  const result = releaseJson.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw unreadable(`${issue?.path.join(".") || "the record"}: ${issue?.message ?? "unexpected shape"}`);
  }
  const r = result.data;
  const status = HelmReleaseStatus.safeParse(r.info.status);
  return {
    name: r.name,
    namespace: r.namespace,
    revision: r.version,
    status: status.success ? status.data : "unknown",
    updated: r.info.last_deployed ?? r.info.first_deployed ?? "",
    firstDeployed: r.info.first_deployed ?? null,
    description: r.info.description,
    notes: r.info.notes,
    chart: {
      name: r.chart.metadata.name,
      version: r.chart.metadata.version,
      appVersion: r.chart.metadata.appVersion ?? null,
    },
    userValues: r.config,
    chartValues: r.chart.values,
    manifest: r.manifest,
  };
}

/** What the releases list shows for one revision. */
export function summarizeRelease(record: HelmReleaseRecord): HelmRelease {
  return {
    name: record.name,
    namespace: record.namespace,
    chart: record.chart.name,
    chartVersion: record.chart.version,
    appVersion: record.chart.appVersion,
    status: record.status,
    revision: record.revision,
    updated: record.updated,
  };
}

/** The part of a Secret these functions read; a cached or listed V1Secret fits. */
export interface ReleaseSecretLike {
  type?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

/** Name, namespace, revision and status from a release Secret's labels alone (no decoding); null when it is not Helm's. */
export function releaseSecretMeta(
  secret: ReleaseSecretLike,
): { name: string; namespace: string; revision: number; status: HelmReleaseStatus } | null {
  const labels = secret.metadata?.labels ?? {};
  if (secret.type !== HELM_RELEASE_SECRET_TYPE || labels.owner !== "helm") return null;
  const revision = Number(labels.version);
  const namespace = secret.metadata?.namespace;
  if (!labels.name || !namespace || !Number.isInteger(revision) || revision < 1) return null;
  const status = HelmReleaseStatus.safeParse(labels.status);
  return { name: labels.name, namespace, revision, status: status.success ? status.data : "unknown" };
}

/** A release Secret -> the list row (decodes the record; the labels alone lack chart and version). */
export function releaseSummaryFromSecret(secret: ReleaseSecretLike): HelmRelease {
  const meta = releaseSecretMeta(secret);
  if (!meta) throw unreadable(`${secret.metadata?.name ?? "a Secret"} is not a Helm release Secret`);
  const data = secret.data?.release;
  if (!data) throw unreadable(`${secret.metadata?.name} has no release data`);
  return summarizeRelease(decodeRelease(data));
}

/** The newest revision of each release among release Secrets (what `helm list` shows). */
export function latestReleaseSecrets<T extends ReleaseSecretLike>(secrets: Iterable<T>): T[] {
  const newest = new Map<string, { revision: number; secret: T }>();
  for (const secret of secrets) {
    const meta = releaseSecretMeta(secret);
    if (!meta) continue;
    const key = `${meta.namespace}/${meta.name}`;
    const seen = newest.get(key);
    if (!seen || meta.revision > seen.revision) newest.set(key, { revision: meta.revision, secret });
  }
  return [...newest.values()].map((v) => v.secret);
}
