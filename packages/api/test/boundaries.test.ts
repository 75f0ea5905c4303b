import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The layering rules live in biome.json (overrides): routers may not import
// @clustercord/db or @clustercord/kube, and runtime code (apps/*/src,
// packages/*/src) may not read process.env outside the env modules and
// tooling (packages/db/src/migrate.ts hands the environment to the Prisma CLI
// it spawns; packages/testenv starts test processes). These tests lint
// fixtures placed at real paths, so a rule switched off or scoped wrong fails.
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const biome = join(repoRoot, "node_modules/.bin/biome");

function lint(paths: string[]) {
  const run = spawnSync(biome, ["lint", "--colors=off", "--max-diagnostics=100", ...paths], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

/** Lints `source` written to a temporary file in `dir` (relative to the repo), then deletes it. */
function lintFixture(dir: string, source: string) {
  const path = join(dir, `boundary-fixture-${process.pid}.ts`);
  writeFileSync(join(repoRoot, path), source);
  try {
    return lint([path]);
  } finally {
    rmSync(join(repoRoot, path), { force: true });
  }
}

const importing = (pkg: string) => `import { thing } from "${pkg}";\n\nexport const route = () => thing;\n`;
const envRead = "export const port = process.env.PORT;\n";

describe("routers stay above services", () => {
  for (const pkg of ["@clustercord/db", "@clustercord/kube"]) {
    it(`refuses a router that imports ${pkg}`, () => {
      const result = lintFixture("packages/api/src/routers/audit", importing(pkg));
      expect(result.output).toContain("lint/style/noRestrictedImports");
      expect(result.output).toContain("routers call services; services talk to the database and clusters");
      expect(result.status).not.toBe(0);
    });
  }

  it("lets services import the database and cluster packages", () => {
    const result = lintFixture("packages/api/src/services", importing("@clustercord/db"));
    expect(result.output).not.toContain("noRestrictedImports");
    expect(result.status).toBe(0);
  });
});

describe("settings are read only in the env modules", () => {
  for (const dir of ["apps/web/src", "apps/discord/src", "apps/jobs/src", "packages/api/src/services"]) {
    it(`refuses a process.env read in ${dir}`, () => {
      const result = lintFixture(dir, envRead);
      expect(result.output).toContain("lint/style/noProcessEnv");
      expect(result.status).not.toBe(0);
    });
  }

  for (const path of [
    "apps/web/src/server/env.ts",
    "apps/discord/src/env.ts",
    "apps/jobs/src/env.ts",
    "packages/db/src/migrate.ts",
    "packages/testenv/src/process.ts",
  ]) {
    it(`allows process.env in ${path} (env module or tooling)`, () => {
      expect(readFileSync(join(repoRoot, path), "utf8")).toContain("process.env");
      const result = lint([path]);
      expect(result.output).not.toContain("noProcessEnv");
      expect(result.status).toBe(0);
    });
  }
});

const consoleCall = 'export const hello = () => console.log("hello");\n';

describe("runtime code logs through the logger, never console", () => {
  for (const dir of [
    "apps/web/src/server",
    "apps/discord/src",
    "apps/jobs/src",
    "packages/api/src/services",
    "packages/jobs/src",
    "packages/notify/src",
    "packages/kube/src/cache",
    "packages/telemetry/src",
  ]) {
    it(`refuses console.log in ${dir}`, () => {
      const result = lintFixture(dir, consoleCall);
      expect(result.output).toContain("lint/suspicious/noConsole");
      expect(result.status).not.toBe(0);
    });
  }

  for (const dir of ["packages/api/test", "scripts", "bench", "packages/testenv/src"]) {
    it(`allows console in ${dir} (tests and tooling)`, () => {
      const result = lintFixture(dir, consoleCall);
      expect(result.output).not.toContain("noConsole");
      expect(result.status).toBe(0);
    });
  }
});

it("the real tree passes every rule above", () => {
  const result = lint(["apps", "packages"]);
  expect(result.output).not.toMatch(/noProcessEnv|noRestrictedImports|noConsole/);
  expect(result.status).toBe(0);
});
