/**
 * How a stored release revision is shown to a person: values with
 * secret-looking keys masked, the manifest with every Secret's data masked.
 */
import type { HelmReleaseDetail, HelmRevision } from "@clustercord/contracts";
import { type HelmReleaseRecord, maskedValuesYaml, maskManifest, summarizeRelease } from "@clustercord/kube";

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
    manifest: maskManifest(record.manifest),
    notes: record.notes,
  };
}
