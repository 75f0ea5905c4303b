import type { PodsExecOutput } from "@clustercord/contracts";
import { callTrpc, workerHeaders } from "@clustercord/testenv";
import { addLocalCluster, expect, removeCluster, signInTo, test } from "./fixtures";
import { expectAccessible, sidewaysOverflow } from "./page-checks";

const ACME = "200000000000000001";
const ALICE = "100000000000000001";
const BOB = "100000000000000002";
const CAROL = "100000000000000003";
const NS = `clustercord-guild-${ACME}`;
const POD = "exec-web";
/** The same line as /exec's test (apps/discord/test/exec.cluster.test.ts): quoting decides the argv. */
const LINE = `printf '%s|' "a b" 'c d' e`;
const ARGV = ["printf", "%s|", "a b", "c d", "e"];

const option = (name: string, value: string) => ({ name, type: 3 as const, value });

test("the pod page's Run command box and /exec in Discord show what pods.exec returns; a viewer gets neither", async ({
  page,
  browser,
  stack,
  kube,
}) => {
  test.setTimeout(180_000);
  const clusterId = await addLocalCluster(stack, kube, "exec-pool");
  try {
    await kube.kubectl(["run", POD, "-n", NS, "--image=registry.invalid/pause:1", "--restart=Never"]);
    await kube.kubectl([
      "wait",
      "-n",
      NS,
      "--for=jsonpath={.status.phase}=Running",
      `pod/${POD}`,
      "--timeout=60s",
    ]);
    const podUrl = `${stack.webUrl}/clusters/${clusterId}/namespaces/${NS}/pods/${POD}`;
    const discordExec = (userId: string, line: string) =>
      stack.discord
        .sendCommand({
          userId,
          guildId: ACME,
          name: "exec",
          options: [
            option("cluster", "exec-pool"),
            option("namespace", NS),
            option("pod", POD),
            option("command", line),
          ],
        })
        .then((interaction) => interaction.reply());

    // A viewer: no box on the page, and /exec refused with the API's message.
    const viewer = await browser.newContext();
    const carol = await viewer.newPage();
    await signInTo(carol, stack, "carol", "Acme Ops");
    await carol.goto(podUrl);
    await expect(carol.locator(".cc-pod-facts")).toContainText("Running");
    await expect(carol.getByRole("heading", { name: "Run command" })).toHaveCount(0);
    await expect(carol.getByRole("button", { name: "Run", exact: true })).toHaveCount(0);
    await viewer.close();
    const refused = await discordExec(CAROL, LINE);
    expect(refused.embeds?.[0]?.description).toBe(
      "⚠️ This needs the operator role in Acme Ops; you are viewer.",
    );

    // An operator runs the line on the page.
    await signInTo(page, stack, "bob", "Acme Ops");
    await page.goto(podUrl);
    await expect(page.locator(".cc-pod-facts")).toContainText("Running");
    const box = page.getByRole("region", { name: "Run command" });
    await box.getByLabel("Command").fill(LINE);
    await box.getByRole("button", { name: "Run", exact: true }).click();
    const result = box.getByTestId("run-result");
    await expect(result).toContainText("exit code 0");
    await expect(result).toContainText(`in ${POD}`);
    const shown = await box.getByTestId("run-output").textContent();

    // The same line through /exec, and the procedure itself: the same output everywhere.
    const api = await callTrpc<PodsExecOutput>(stack.webUrl, "pods.exec", {
      headers: workerHeaders(stack.serviceToken, BOB, ACME),
      input: { clusterId, namespace: NS, pod: POD, command: ARGV },
      mutation: true,
    });
    expect(api.data).toMatchObject({ exitCode: 0, output: "a b|c d|e|" });
    expect(shown).toBe(api.data.output);
    const reply = await discordExec(BOB, LINE);
    expect(reply.embeds?.[0]?.description).toBe(`\`\`\`\n${api.data.output}\n\`\`\``);

    // A failing command, and a line the box refuses before calling anything (the same words as /exec).
    await box.getByLabel("Command").fill("sh -c 'echo nope >&2; exit 2'");
    await box.getByRole("button", { name: "Run", exact: true }).click();
    await expect(result).toContainText("exit code 2");
    await expect(box.getByTestId("run-output")).toHaveText("nope\n");
    await box.getByLabel("Command").fill("echo 'oops");
    await box.getByRole("button", { name: "Run", exact: true }).click();
    await expect(box.getByRole("alert")).toHaveText("The command has a ' quote that is never closed.");
    expect((await discordExec(BOB, "echo 'oops")).embeds?.[0]?.description).toBe(
      "⚠️ The command has a ' quote that is never closed.",
    );

    // Accessible, and usable on a phone without sideways scrolling.
    await box.getByLabel("Command").fill("seq 1 300");
    await box.getByRole("button", { name: "Run", exact: true }).click();
    await expect(box.getByTestId("run-output")).toContainText("300");
    await expectAccessible(page, "pod page with a command's output");
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(box.getByRole("button", { name: "Run", exact: true })).toBeVisible();
    expect(await sidewaysOverflow(page)).toMatchObject({ overflow: 0 });
  } finally {
    await kube.kubectl(["delete", "pod", "-n", NS, POD, "--wait=false", "--ignore-not-found"]);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
