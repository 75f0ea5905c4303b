import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Stack, startStack } from "@clustercord/testenv/stack";
import { test as base, expect, type Page } from "@playwright/test";

/** One running product (stand-in, web, worker) per Playwright worker. */
export const test = base.extend<object, { stack: Stack }>({
  stack: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "cc-e2e-"));
      const stack = await startStack({ dataDir });
      try {
        await use(stack);
      } finally {
        await stack.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],
});

export { expect };

/** The full OAuth redirect flow in the browser, picking `username` at the stand-in. */
export async function signIn(page: Page, stack: Stack, username: string) {
  await page.goto(stack.webUrl);
  await page.getByRole("button", { name: "Sign in with Discord" }).click();
  await page.waitForURL((url) => url.origin === new URL(stack.discord.webBase).origin);
  await page.getByRole("button", { name: username, exact: true }).click();
  await page.waitForURL(`${stack.webUrl}/guilds`);
}
