import { defineConfig } from "vitest/config";

// `unit`: pure logic, no services. `integration` (*.int.test.ts): real
// servers and databases; scripts/test.sh runs it on PGlite and on PostgreSQL
// (DB_KIND). `cluster` (*.cluster.test.ts): against the local Kubernetes
// control plane (packages/testenv/cluster). Browser end-to-end tests are
// Playwright's (apps/web/e2e).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    // A cluster's start waits up to 150 s for kube-system on a loaded machine.
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{apps,packages}/*/test/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/*.cluster.test.ts", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{apps,packages}/*/test/**/*.int.test.ts"],
          pool: "forks",
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: "cluster",
          include: ["{apps,packages}/*/test/**/*.cluster.test.ts"],
          pool: "forks",
          fileParallelism: false,
        },
      },
    ],
  },
});
