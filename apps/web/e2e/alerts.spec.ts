import type { AlertRulesListOutput, AlertsConfigOutput, AlertsHistoryOutput } from "@clustercord/contracts";
import type { Page } from "@playwright/test";
import { addLocalCluster, expect, removeCluster, signInTo, test } from "./fixtures";
import { expectAccessible, sidewaysOverflow } from "./page-checks";

const ACME = "200000000000000001";
const ALICE = "100000000000000001"; // Acme's admin
const NS = `clustercord-guild-${ACME}`;

test.use({ actionTimeout: 60_000 });

/** A query as the browser's own session asks it (same cookie, same person, same server). */
async function queryInBrowser<T>(page: Page, path: string, input: unknown): Promise<T | undefined> {
  return page.evaluate(
    async ([p, inp]) => {
      const res = await fetch(`/api/trpc/${p}?input=${encodeURIComponent(JSON.stringify(inp))}`);
      return (await res.json()).result?.data;
    },
    [path, input] as const,
  ) as Promise<T | undefined>;
}

test("Alerts page: create a rule, see it as alerts.rules.list has it, mute and unmute, set quiet hours, delete; on a phone too", async ({
  page,
  stack,
  kube,
}) => {
  test.setTimeout(300_000);
  const clusterId = await addLocalCluster(stack, kube, "alert-pool");
  try {
    await signInTo(page, stack, "alice", "Acme Ops");
    // The cluster navigation reaches it with g ! (beside Health's g e).
    await page.goto(`${stack.webUrl}/clusters/${clusterId}`);
    await expect(page.getByRole("heading", { name: "alert-pool overview", level: 1 })).toBeVisible();
    await expect(async () => {
      await page.keyboard.press("g");
      await page.keyboard.press("!");
      await page.waitForURL(`${stack.webUrl}/clusters/${clusterId}/alerts`, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole("heading", { name: "Alerts on alert-pool", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Alerts", exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    const rulesCard = page.getByRole("region", { name: "Rules", exact: true });
    await expect(rulesCard.getByText("No alert rule on this cluster yet")).toBeVisible();

    // The form says what is missing before asking the API.
    const form = page.getByRole("form", { name: "New alert rule" });
    await form.getByLabel("Alert on").selectOption("high-cpu");
    await form.getByLabel("Threshold (% of the limit)").fill("75");
    await form.getByLabel("Where").selectOption("workload");
    await form.getByRole("combobox", { name: /^Namespace/ }).selectOption(NS);
    await form.getByRole("button", { name: "Create rule" }).click();
    await expect(form.getByRole("alert")).toHaveText("Name the workload the rule watches.");

    await form.getByLabel("Where").selectOption("namespace");
    await form.getByLabel("Name (optional)").fill("cpu watch");
    await form.getByLabel("At most one alert per resource every (minutes, default 5)").fill("10");
    await form.getByRole("button", { name: "Create rule" }).click();
    await expect(form.getByRole("status")).toHaveText("Rule cpu watch created.");

    // Lockstep: the list shows what alerts.rules.list answers for the same person.
    const list = rulesCard.getByRole("list", { name: "Alert rules" });
    await expect(list.locator("li[data-rule-id]")).toHaveCount(1);
    const listed = await queryInBrowser<AlertRulesListOutput>(page, "alerts.rules.list", { clusterId });
    const rule = listed?.rules[0];
    expect(rule).toMatchObject({
      name: "cpu watch",
      type: "high-cpu",
      threshold: 75,
      throttleMinutes: 10,
      scope: { kind: "namespace", namespace: NS },
      subscribers: [{ kind: "person", id: ALICE, via: ["dm", "web"] }],
      mayDelete: true,
    });
    const item = list.locator(`li[data-rule-id="${rule?.id}"]`);
    await expect(item.locator(".cc-alert-rule-name")).toHaveText("cpu watch");
    await expect(item.locator(".cc-alert-rule-what")).toHaveText(`high-cpu above 75% on namespace ${NS}`);
    await expect(item.locator(".cc-alert-rule-meta")).toContainText(
      "To you (DM, web) · at most one alert per resource per 10 min",
    );
    await expect(item.getByText(rule?.severity ?? "?", { exact: true })).toBeVisible();

    // Mute for 8 hours: listed under Muted until the time the API stored; then unmuted.
    await item.getByLabel("Mute cpu watch for").selectOption({ label: "8 hours" });
    await item.getByRole("button", { name: "Mute cpu watch" }).click();
    const muted = page.getByRole("list", { name: "Active mutes" });
    await expect(muted.locator("li")).toHaveCount(1);
    const withMute = await queryInBrowser<AlertRulesListOutput>(page, "alerts.rules.list", { clusterId });
    const mute = withMute?.mutes[0];
    expect(mute).toMatchObject({ ruleId: rule?.id, target: { ruleId: rule?.id } });
    const hoursAhead = (Date.parse(mute?.until ?? "") - Date.now()) / 3_600_000;
    expect(hoursAhead).toBeGreaterThan(7.9);
    expect(hoursAhead).toBeLessThanOrEqual(8);
    await expect(muted.locator("li")).toContainText(
      `cpu watch until ${mute?.until.slice(0, 16).replace("T", " ")} UTC`,
    );
    await muted.getByRole("button", { name: "Unmute cpu watch" }).click();
    await expect(page.getByRole("region", { name: "Muted" }).getByText("Nothing is muted.")).toBeVisible();
    expect(
      (await queryInBrowser<AlertRulesListOutput>(page, "alerts.rules.list", { clusterId }))?.mutes,
    ).toEqual([]);

    // My alert settings: time zone and quiet hours, stored (a reload shows them) as alerts.getConfig has them.
    const settings = page.getByRole("form", { name: "My alert settings" });
    await settings.getByLabel("Time zone").selectOption("Europe/Berlin");
    await settings.getByLabel("Hold alerts (except CRITICAL) during quiet hours").check();
    const quiet = settings.getByRole("group", { name: "Quiet hours" });
    await quiet.getByLabel("From").fill("22:30");
    await quiet.getByLabel("Until").fill("06:45");
    await settings.getByLabel("Daily at").selectOption({ label: "08:00" });
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect(settings.getByRole("status")).toHaveText("Saved.");
    const config = await queryInBrowser<AlertsConfigOutput>(page, "alerts.getConfig", {});
    expect(config?.prefs).toMatchObject({
      timeZone: "Europe/Berlin",
      quietHours: { start: "22:30", end: "06:45" },
      digest: { dailyHour: 8 },
    });
    await page.reload();
    await expect(settings.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
    await expect(quiet.getByLabel("From")).toHaveValue("22:30");
    await expect(quiet.getByLabel("Until")).toHaveValue("06:45");

    // History: nothing has gone out on this new cluster, as alerts.history says.
    const history = await queryInBrowser<AlertsHistoryOutput>(page, "alerts.history", { clusterId });
    expect(history).toEqual({ items: [], nextBefore: null });
    await expect(
      page.getByRole("region", { name: "History" }).getByText("No alert has gone out on this cluster yet."),
    ).toBeVisible();
    await expectAccessible(page, "the Alerts page");

    // On a phone: everything wraps, nothing sticks out sideways, still accessible.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(list.locator("li[data-rule-id]")).toHaveCount(1);
    await expect(settings.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
    const sideways = await sidewaysOverflow(page);
    expect(sideways.overflow, `sticking out: ${sideways.wide.join(", ")}`).toBeLessThanOrEqual(0);
    await expectAccessible(page, "the Alerts page at 390 px");

    // Delete: gone from the page and from the API.
    await item.getByRole("button", { name: "Delete cpu watch" }).click();
    await expect(rulesCard.getByText("No alert rule on this cluster yet")).toBeVisible();
    expect(
      (await queryInBrowser<AlertRulesListOutput>(page, "alerts.rules.list", { clusterId }))?.rules,
    ).toEqual([]);
  } finally {
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
