/**
 * The demo's Helm sources, on 127.0.0.1 (no internet): the local chart
 * repository (serveChartRepo) and the ArtifactHub stand-in in front of it,
 * with each blueprint chart under its real ArtifactHub repository (so a
 * blueprint's `jetstack/cert-manager` is found as on artifacthub.io).
 */
import { type ArtifactHubStandIn, startArtifactHubStandIn } from "./artifacthub/index";
import { type ChartRepo, serveChartRepo } from "./cluster/charts";

export interface DemoCharts {
  repo: ChartRepo;
  hub: ArtifactHubStandIn;
  close(): Promise<void>;
}

/** `<publisher>/<chart>` refs to the stand-in's chart -> repository map. Pure. */
export function publishersOf(refs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    refs.map((ref) => {
      const [publisher = "", chart = ""] = ref.split("/");
      return [chart, publisher];
    }),
  );
}

/**
 * Starts both. `blueprintCharts`: the presets' chart refs (PRESETS from
 * @clustercord/kube, which testenv does not depend on).
 */
export async function startDemoCharts(blueprintCharts: readonly string[]): Promise<DemoCharts> {
  const repo = await serveChartRepo();
  try {
    // A little of ArtifactHub's texture for the search page: stars, and nginx marked official.
    const hub = await startArtifactHubStandIn({
      repo,
      publishers: publishersOf(blueprintCharts),
      stars: { nginx: 42, redis: 17, postgresql: 23 },
      official: ["nginx"],
    });
    return {
      repo,
      hub,
      close: async () => {
        await hub.close();
        await repo.close();
      },
    };
  } catch (error) {
    await repo.close();
    throw error;
  }
}
