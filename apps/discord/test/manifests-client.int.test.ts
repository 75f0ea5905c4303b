import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient } from "../src/api-client";
import { errorMessage } from "../src/render/error";
import { ACME, ALICE, SERVICE_TOKEN, startWorkerHarness, type WorkerHarness } from "./harness";

// tRPC reserves `apply` as a router key, so the API exposes manifests.* as a plain record: the
// worker's client must still reach manifests.apply (and not get "No procedure found").

let h: WorkerHarness;

beforeAll(async () => {
  h = await startWorkerHarness();
});

afterAll(async () => {
  await h?.close();
});

describe("the worker's API client", () => {
  it("reaches manifests.apply, planApply and validate as procedures of the real API", async () => {
    const api = createApiClient({ apiUrl: h.apiUrl, serviceToken: SERVICE_TOKEN }).forActor({
      userId: ALICE,
      guildId: ACME,
    });
    const clusterId = "00000000-0000-4000-8000-000000000000";
    const files = [{ name: "a.yaml", content: "kind: ConfigMap\n" }];
    const failures = await Promise.all([
      api.manifests.apply.mutate({ clusterId, planId: "p", confirmToken: "t" }).catch((e: unknown) => e),
      api.manifests.planApply.mutate({ clusterId, files }).catch((e: unknown) => e),
      api.manifests.validate.mutate({ clusterId, files }).catch((e: unknown) => e),
    ]);
    for (const failure of failures) {
      expect(String(failure)).not.toMatch(/No procedure found/);
      // Each procedure ran and looked for the cluster (which does not exist) as Alice.
      expect(errorMessage(failure)).toMatch(/cluster/i);
    }
    expect(new Set(failures.map(errorMessage)).size).toBe(1);
  });
});
