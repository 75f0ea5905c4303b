import type { KubeObject } from "../src/index";

/** A Deployment as people first write it: one container, nothing set beyond the image. */
export function bareDeployment(name = "api", extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "shop" },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: "web", image: "nginx:latest", ports: [{ name: "http", containerPort: 8080 }], ...extra },
          ],
        },
      },
    },
  };
}

export const cronJob = (containers: unknown[]): KubeObject => ({
  apiVersion: "batch/v1",
  kind: "CronJob",
  metadata: { name: "nightly", namespace: "shop" },
  spec: {
    schedule: "0 3 * * *",
    jobTemplate: { spec: { template: { spec: { restartPolicy: "Never", containers } } } },
  },
});
