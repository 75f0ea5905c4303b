import type {
  JobsGetOutput,
  JobsListOutput,
  JobsLogsOutput,
  JobsPreviewScheduleOutput,
} from "@clustercord/contracts";
import type { Page } from "@playwright/test";
import { addLocalCluster, collectCspViolations, expect, removeCluster, signInTo, test } from "./fixtures";
import { expectAccessible, sidewaysOverflow } from "./page-checks";

const ACME = "200000000000000001";
const ALICE = "100000000000000001"; // Acme's admin
const BOB = "100000000000000002"; // an operator in Acme
const NS = `clustercord-guild-${ACME}`;
const JOB = "e2e-hello";
const SCHEDULE = "e2e-report";
const STORAGE = "jobs-e2e-scratch";

// The person sits in Tokyo: next runs of a Berlin schedule are also shown in their own time.
test.use({ actionTimeout: 60_000, timezoneId: "Asia/Tokyo" });

/** A query as the browser's own session asks it: its data, or the API's message for the person. */
async function queryInBrowser<T>(page: Page, path: string, input: unknown) {
  return page.evaluate(
    async ([p, inp]) => {
      const res = await fetch(`/api/trpc/${p}?input=${encodeURIComponent(JSON.stringify(inp))}`);
      const body = await res.json();
      return { data: body.result?.data, userMessage: body.error?.data?.userMessage as string | undefined };
    },
    [path, input] as const,
  ) as Promise<{ data: T | undefined; userMessage: string | undefined }>;
}

/** A mutation as the browser's session sends it (only for input the API refuses: nothing is created). */
async function mutateInBrowser(page: Page, path: string, input: unknown) {
  return page.evaluate(
    async ([p, inp]) => {
      const res = await fetch(`/api/trpc/${p}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(inp),
      });
      const body = await res.json();
      return { userMessage: body.error?.data?.userMessage as string | undefined };
    },
    [path, input] as const,
  );
}

/** The same minute-precision text the page shows for a time in a zone (en-GB parts, as format.ts builds it). */
function inZone(iso: string, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("day")} ${part("month")} ${part("year")}, ${part("hour")}:${part("minute")}`;
}

test("Jobs page: run a job with env from a Secret and a PVC, follow it live to its exit code and logs, schedules with a previewed cron, trigger/suspend/resume, a viewer only watches; on a phone too", async ({
  page,
  browser,
  stack,
  kube,
}) => {
  test.setTimeout(300_000);
  const clusterId = await addLocalCluster(stack, kube, "jobs-pool");
  const kubectlJson = async (...args: string[]) => JSON.parse(await kube.kubectl([...args, "-o", "json"]));
  try {
    // What the run form picks from: a Secret (names only are shown) and a PVC, made by an admin.
    await kube.kubectl([
      "create",
      "secret",
      "generic",
      "greeting",
      "-n",
      NS,
      "--from-literal=GREETING=hello",
    ]);
    // The claim is bound to a volume reserved for it, so the job's pod can be scheduled.
    await kube.kubectl(
      ["apply", "-f", "-"],
      `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: ${STORAGE} }
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: Immediate
---
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${STORAGE} }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ${STORAGE}
  hostPath: { path: /var/lib/clustercord-test/${STORAGE} }
  claimRef: { namespace: ${NS}, name: scratch }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: scratch, namespace: ${NS} }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${STORAGE}
  resources: { requests: { storage: 1Gi } }
`,
    );
    await kube.kubectl([
      "wait",
      "-n",
      NS,
      "--for=jsonpath={.status.phase}=Bound",
      "pvc/scratch",
      "--timeout=60s",
    ]);

    await signInTo(page, stack, "bob", "Acme Ops");
    await page.goto(`${stack.webUrl}/clusters/${clusterId}`);
    await expect(page.getByRole("heading", { name: "jobs-pool overview", level: 1 })).toBeVisible();
    // The cluster navigation reaches it with g j.
    await expect(async () => {
      await page.keyboard.press("g");
      await page.keyboard.press("j");
      await page.waitForURL(`${stack.webUrl}/clusters/${clusterId}/jobs`, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole("heading", { name: "Jobs on jobs-pool", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Jobs", exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expect(page.getByTestId("jobs-live")).toHaveAttribute("data-state", "live");

    // The form says what it can tell before asking; then the job runs as bob.
    const form = page.getByRole("form", { name: "Run a job" });
    await form.getByLabel("Namespace").selectOption(NS);
    await form.getByLabel("Image").fill("busybox:1.36");
    await form.getByLabel("Command").fill(`sh -c 'echo "$GREETING"`);
    await form.getByRole("button", { name: "Run job" }).click();
    await expect(form.getByRole("alert")).toHaveText("The command has a ' quote that is never closed.");
    await form.getByLabel("Command").fill(`sh -c 'echo "$GREETING from the job"'`);
    // What only the API can tell comes back as its own message, before anything is created.
    await form.getByLabel("Image").fill("Busybox:1.36");
    const badImage = await mutateInBrowser(page, "jobs.run", {
      clusterId,
      namespace: NS,
      image: "Busybox:1.36",
      command: ["sh", "-c", 'echo "$GREETING from the job"'],
    });
    expect(badImage.userMessage).toBeTruthy();
    await form.getByRole("button", { name: "Run job" }).click();
    await expect(form.getByRole("alert")).toHaveText(badImage.userMessage ?? "?");
    expect(await kube.kubectl(["get", "jobs", "-n", NS, "-o", "name"])).toBe("");
    await form.getByLabel("Image").fill("busybox:1.36");
    await form.getByLabel("Environment from Secret").selectOption("greeting");
    await form.getByLabel("PersistentVolumeClaim").selectOption("scratch");
    await form.getByLabel("Mount path").fill("/data");
    await form.getByLabel("Read-only").check();
    await form.getByLabel("Name (optional)").fill(JOB);
    await form.getByRole("button", { name: "Run job" }).click();
    await expect(form.getByRole("status")).toContainText(JOB);

    // Created with exactly that spec, labelled with who ran it.
    const created = await kubectlJson("get", "job", JOB, "-n", NS);
    expect(created.metadata.labels["clustercord.io/created-by"]).toBe(BOB);
    const pod = created.spec.template.spec;
    expect(pod.containers[0].image).toBe("busybox:1.36");
    expect([...(pod.containers[0].command ?? []), ...(pod.containers[0].args ?? [])]).toEqual([
      "sh",
      "-c",
      'echo "$GREETING from the job"',
    ]);
    expect(pod.containers[0].envFrom).toEqual([{ secretRef: { name: "greeting" } }]);
    const volume = pod.volumes.find(
      (v: { persistentVolumeClaim?: { claimName: string } }) => v.persistentVolumeClaim,
    );
    expect(volume.persistentVolumeClaim.claimName).toBe("scratch");
    expect(pod.containers[0].volumeMounts).toContainEqual(
      expect.objectContaining({ name: volume.name, mountPath: "/data", readOnly: true }),
    );

    // The list follows it live to Succeeded, with the exit code and duration jobs.get has.
    const row = page.locator(`tr[data-job="${JOB}"]`);
    await expect(row).toHaveAttribute("data-phase", "succeeded", { timeout: 90_000 });
    await expect(row).toContainText("Succeeded");
    const got = (
      await queryInBrowser<JobsGetOutput>(page, "jobs.get", { clusterId, namespace: NS, job: JOB })
    ).data;
    expect(got?.job).toMatchObject({ phase: "succeeded", exitCode: 0, createdBy: BOB });
    await expect(row.locator("td").nth(7)).toHaveText("0");
    await expect(row.locator("td").nth(6)).not.toHaveText("—");

    // Opened: details and the logs as jobs.logs answers them.
    const logAnswers: string[][] = [];
    page.on("response", async (response) => {
      const url = new URL(response.url());
      if (!url.pathname.startsWith("/api/trpc/")) return;
      const paths = decodeURIComponent(url.pathname.slice("/api/trpc/".length)).split(",");
      const index = paths.indexOf("jobs.logs");
      if (index < 0) return;
      const body = await response.json().catch(() => null);
      const answer = (Array.isArray(body) ? body[index] : body)?.result?.data as JobsLogsOutput | undefined;
      if (answer) logAnswers.push(answer.lines);
    });
    await row.getByRole("button", { name: `Open job ${JOB}` }).click();
    const dialog = page.getByRole("dialog", { name: `Job ${JOB}` });
    await expect(dialog.getByTestId("job-exit-code")).toHaveText("0");
    await expect(dialog.getByTestId("job-duration")).not.toHaveText("—");
    // The simulated log grows every second, so the page's text is compared with the jobs.logs answer it got.
    await expect(async () => {
      const answered = logAnswers.at(-1);
      expect(answered?.length).toBeGreaterThan(0);
      await expect(dialog.getByTestId("job-logs")).toHaveText(answered?.join("\n") ?? "?", {
        timeout: 1_000,
      });
    }).toPass({ timeout: 30_000 });
    const direct = await queryInBrowser<JobsLogsOutput>(page, "jobs.logs", {
      clusterId,
      namespace: NS,
      job: JOB,
    });
    expect(direct.data?.pod).toBe(got?.job.pod);
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);

    // Schedules: a bad cron shows the API's own message; a good one its next 3 runs in the zone.
    const schedule = page.getByRole("form", { name: "New schedule" });
    await schedule.getByLabel("Name", { exact: true }).fill(SCHEDULE);
    await schedule.getByLabel("Cron").fill("61 * * * *");
    const refused = await queryInBrowser(page, "jobs.previewSchedule", { cron: "61 * * * *" });
    expect(refused.userMessage).toBeTruthy();
    const preview = schedule.getByRole("region", { name: "Schedule preview" });
    await expect(preview.getByRole("alert")).toHaveText(refused.userMessage ?? "?");
    await schedule.getByLabel("Cron").fill("*/15 * * * *");
    await schedule.getByLabel("Time zone").fill("Europe/Berlin");
    const runs = preview.getByRole("list", { name: "Next runs" }).locator("li");
    await expect(runs).toHaveCount(3);
    const previewed = (
      await queryInBrowser<JobsPreviewScheduleOutput>(page, "jobs.previewSchedule", {
        cron: "*/15 * * * *",
        timeZone: "Europe/Berlin",
      })
    ).data;
    expect(previewed?.timeZone).toBe("Europe/Berlin");
    await expect(runs).toHaveText(
      (previewed?.nextRuns ?? []).map((r) => {
        const there = inZone(r, "Europe/Berlin");
        const mine = inZone(r, "Asia/Tokyo");
        const sameDay = there.split(",")[0] === mine.split(",")[0];
        return `${there} (${sameDay ? mine.split(", ")[1] : mine} your time)`;
      }),
    );
    await schedule.getByLabel("Namespace").selectOption(NS);
    await schedule.getByLabel("Image").fill("busybox:1.36");
    await schedule.getByLabel("Command").fill("date");
    await schedule.getByRole("button", { name: "Create schedule" }).click();
    await expect(schedule.getByRole("status")).toContainText(SCHEDULE);
    const item = page.locator(`li[data-cronjob="${SCHEDULE}"]`);
    await expect(item).toHaveAttribute("data-suspended", "false");
    await expect(item.getByRole("list", { name: `Next runs of ${SCHEDULE}` }).locator("li")).toHaveCount(3);
    const cron = await kubectlJson("get", "cronjob", SCHEDULE, "-n", NS);
    expect(cron.spec).toMatchObject({ schedule: "*/15 * * * *", timeZone: "Europe/Berlin" });

    // Trigger now: a Job from its template appears in the list; suspend and resume reach the CronJob.
    await item.getByRole("button", { name: `Trigger now: ${SCHEDULE}` }).click();
    await expect(item.getByRole("status")).toBeVisible();
    await expect(page.locator(`tr[data-job^="${SCHEDULE}-"]`)).toHaveCount(1);
    await item.getByRole("button", { name: `Suspend ${SCHEDULE}` }).click();
    await expect(item).toHaveAttribute("data-suspended", "true");
    expect((await kubectlJson("get", "cronjob", SCHEDULE, "-n", NS)).spec.suspend).toBe(true);
    await item.getByRole("button", { name: `Resume ${SCHEDULE}` }).click();
    await expect(item).toHaveAttribute("data-suspended", "false");
    expect((await kubectlJson("get", "cronjob", SCHEDULE, "-n", NS)).spec.suspend).toBe(false);

    // Lockstep: the page lists what jobs.list answers.
    const listed = (await queryInBrowser<JobsListOutput>(page, "jobs.list", { clusterId, namespace: NS }))
      .data;
    await expect(page.locator("tr[data-job]")).toHaveCount(listed?.jobs.length ?? -1);
    await expectAccessible(page, "the Jobs page");

    // On a phone: stacked, the table scrolls inside its box, nothing sticks out sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(row).toHaveAttribute("data-phase", "succeeded");
    const sideways = await sidewaysOverflow(page);
    expect(sideways.overflow, `sticking out: ${sideways.wide.join(", ")}`).toBeLessThanOrEqual(0);
    await expectAccessible(page, "the Jobs page at 390 px");
    await page.setViewportSize({ width: 1280, height: 720 });

    // Delete in two steps: the plan first, then Confirm; gone from the list and the cluster.
    await row.getByRole("button", { name: `Open job ${JOB}` }).click();
    await dialog.getByRole("button", { name: "Delete job…" }).click();
    await dialog.getByRole("button", { name: `Delete ${JOB}` }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row).toHaveCount(0);
    await expect
      .poll(async () =>
        (await kube.kubectl(["get", "jobs", "-n", NS, "-o", "name"])).includes(`job.batch/${JOB}`),
      )
      .toBe(false);

    // A viewer follows jobs and logs, and has no way to run, schedule or act.
    const viewer = await browser.newContext();
    const viewerCsp = collectCspViolations(viewer);
    const carol = await viewer.newPage();
    await signInTo(carol, stack, "carol", "Acme Ops");
    await carol.goto(`${stack.webUrl}/clusters/${clusterId}/jobs?namespace=${NS}`);
    await expect(carol.locator(`li[data-cronjob="${SCHEDULE}"]`)).toBeVisible();
    await expect(
      carol.getByText("Viewers follow jobs and their logs; operators and admins run them."),
    ).toBeVisible();
    await expect(carol.getByRole("form", { name: "Run a job" })).toHaveCount(0);
    await expect(carol.getByRole("form", { name: "New schedule" })).toHaveCount(0);
    await expect(carol.getByRole("button", { name: `Trigger now: ${SCHEDULE}` })).toHaveCount(0);
    await viewer.close();
    expect(viewerCsp).toEqual([]);

    // The schedule is deleted in two steps too.
    await item.getByRole("button", { name: "Delete schedule…" }).click();
    await item.getByRole("button", { name: `Delete ${SCHEDULE}` }).click();
    await expect(item).toHaveCount(0);
    await expect(page.getByText("No schedules in this namespace.")).toBeVisible();
    expect(await kube.kubectl(["get", "cronjobs", "-n", NS, "-o", "name"])).toBe("");
  } finally {
    // Only what this test made (the namespace is the tenancy's, shared with other specs on this cluster).
    for (const what of [
      ["cronjob", SCHEDULE],
      ["jobs", "-l", `clustercord.io/created-by=${BOB}`],
      ["job", JOB],
      ["pvc", "scratch"],
      ["secret", "greeting"],
    ]) {
      await kube
        .kubectl(["delete", ...what, "-n", NS, "--ignore-not-found", "--wait=false"])
        .catch(() => undefined);
    }
    await kube
      .kubectl(["delete", `pv/${STORAGE}`, `storageclass/${STORAGE}`, "--ignore-not-found", "--wait=false"])
      .catch(() => undefined);
    await removeCluster(stack, { userId: ALICE, guildId: ACME }, clusterId);
  }
});
