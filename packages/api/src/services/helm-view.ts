/**
 * How a stored release revision is shown to a person: values with
 * secret-looking keys masked, the manifest with every Secret's data masked.
 */
import type { HelmReleaseDetail, HelmRevision } from "@clustercord/contracts";
import {
  type HelmReleaseRecord,
  MASK,
  maskedValuesYaml,
  splitManifest,
  summarizeRelease,
} from "@clustercord/kube";
import { stringify } from "yaml";

const maskData = (data: unknown) =>
  data && typeof data === "object" ? Object.fromEntries(Object.keys(data).map((k) => [k, MASK])) : data;

/** The manifest as Helm stored it, except that each Secret's data/stringData values read MASK. */
export function maskManifestSecrets(manifest: string): string {
  const objects = splitManifest(manifest);
  if (!objects.some((o) => o.kind === "Secret")) return manifest;
  return objects
    .map((o) => {
      if (o.kind !== "Secret") return stringify(o.object);
      const { data, stringData, ...rest } = o.object as Record<string, unknown>;
      return stringify({
        ...rest,
        ...(data !== undefined ? { data: maskData(data) } : {}),
        ...(stringData !== undefined ? { stringData: maskData(stringData) } : {}),
      });
    })
    .map((doc) => `---\n${doc}`)
    .join("");
}

export function revisionView(record: HelmReleaseRecord): HelmRevision {
  return {
    revision: record.revision,
    updated: record.updated,
    status: record.status,
    chart: record.chart.name,
    chartVersion: record.chart.version,
    appVersion: record.chart.appVersion,
    description: record.description,
  };
}

export function releaseDetailView(record: HelmReleaseRecord, ref: string | null): HelmReleaseDetail {
  return {
    ...summarizeRelease(record),
    ref,
    values: maskedValuesYaml(record.userValues),
    manifest: maskManifestSecrets(record.manifest),
    notes: record.notes,
  };
}
