import { describe, expect, it } from "vitest";
import {
  emptyRunForm,
  emptyScheduleForm,
  formatDuration,
  formatInZone,
  jobsHref,
  phaseTone,
  previewInput,
  ranBy,
  runInputFromForm,
  runTime,
  scheduleInputFromForm,
} from "../src/components/jobs/format";
import { areaOf, breadcrumbTrail, navAreas } from "../src/components/shell/areas";

const filled = {
  ...emptyRunForm,
  namespace: "shop",
  image: "busybox:1.36",
  command: `sh -c 'echo "$GREETING" > /data/out'`,
};

describe("runInputFromForm: jobs.run's input, or the one thing to fix first", () => {
  it("builds the spec: command words, one argument per line, env from a secret, the volume, limits and numbers", () => {
    const checked = runInputFromForm("c1", {
      ...filled,
      name: " nightly-copy ",
      args: `--verbose "last one" ''`,
      envFromSecret: "greeting",
      pvc: "scratch",
      mountPath: "/data",
      readOnly: true,
      cpu: "250m",
      memory: "",
      ttlSeconds: "3600",
      backoffLimit: "2",
      deadlineSeconds: "600",
    });
    expect(checked).toEqual({
      problem: null,
      input: {
        clusterId: "c1",
        namespace: "shop",
        name: "nightly-copy",
        image: "busybox:1.36",
        command: ["sh", "-c", `echo "$GREETING" > /data/out`],
        args: ["--verbose", "last one", ""],
        envFromSecret: "greeting",
        volume: "scratch:/data:ro",
        resources: { cpu: "250m" },
        ttlSecondsAfterFinished: 3600,
        backoffLimit: 2,
        activeDeadlineSeconds: 600,
      },
    });
  });

  it("leaves empty optional fields to the API's defaults (TTL one day, no retries)", () => {
    expect(runInputFromForm("c1", filled).input).toEqual({
      clusterId: "c1",
      namespace: "shop",
      image: "busybox:1.36",
      command: ["sh", "-c", `echo "$GREETING" > /data/out`],
      args: [],
    });
  });

  it.each<[Partial<typeof filled>, string | RegExp]>([
    [{ namespace: "" }, "Pick a namespace."],
    [{ image: "  " }, "Name the image to run."],
    [{ command: "   " }, "The command is empty."],
    [{ command: `echo "hi` }, 'The command has a " quote that is never closed.'],
    [{ command: "ls | wc" }, /^"\|" is shell syntax, but the command runs without a shell/],
    [{ pvc: "scratch" }, "Say where to mount scratch (an absolute path such as /data)."],
    [{ mountPath: "/data" }, "Pick the volume (PersistentVolumeClaim) to mount."],
    [{ pvc: "scratch", mountPath: "data" }, "The mount path must be absolute, such as /data."],
    [{ ttlSeconds: "1d" }, "Keep finished job for: a whole number of seconds."],
    [{ backoffLimit: "-1" }, "Retries (backoff limit): a whole number."],
    [{ deadlineSeconds: "1.5" }, "Deadline: a whole number of seconds."],
    [{ args: "it's" }, "Arguments: The command has a ' quote that is never closed."],
    [
      { args: "x".repeat(4100) },
      /^The command is 41\d\d bytes long; at most 4096 bytes \(4 KiB\) are allowed\.$/,
    ],
  ])("%#: %s", (change, problem) => {
    const checked = runInputFromForm("c1", { ...filled, ...change });
    expect(checked.input).toBeNull();
    expect(checked.problem).toMatch(problem);
  });
});

describe("scheduleInputFromForm and previewInput", () => {
  const schedule = { ...emptyScheduleForm, ...filled, name: "report", cron: " */15 * * * * " };

  it("adds the name, cron, zone and concurrency policy to the spec", () => {
    expect(
      scheduleInputFromForm("c1", { ...schedule, timeZone: "Europe/Berlin", concurrencyPolicy: "Replace" })
        .input,
    ).toMatchObject({
      name: "report",
      cron: "*/15 * * * *",
      timeZone: "Europe/Berlin",
      concurrencyPolicy: "Replace",
      command: ["sh", "-c", `echo "$GREETING" > /data/out`],
    });
    expect(scheduleInputFromForm("c1", schedule).input).not.toHaveProperty("timeZone");
  });

  it("asks for a name and a cron first; the cron's meaning is the API's to judge", () => {
    expect(scheduleInputFromForm("c1", { ...schedule, name: "" }).problem).toBe(
      "Name the schedule (it becomes the CronJob's name).",
    );
    expect(scheduleInputFromForm("c1", { ...schedule, cron: " " }).problem).toBe(
      "Type a cron expression, such as */15 * * * *.",
    );
    expect(scheduleInputFromForm("c1", { ...schedule, cron: "not a cron" }).input?.cron).toBe("not a cron");
  });

  it("previews only once there is a cron, with the zone only when typed", () => {
    expect(previewInput("  ", "UTC")).toBeNull();
    expect(previewInput("@daily", "")).toEqual({ cron: "@daily" });
    expect(previewInput("0 9 * * 1", " Asia/Tokyo ")).toEqual({ cron: "0 9 * * 1", timeZone: "Asia/Tokyo" });
  });
});

describe("words, tones and times", () => {
  it("formats durations at a glance", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(42.4)).toBe("42s");
    expect(formatDuration(185)).toBe("3m 05s");
    expect(formatDuration(7_440)).toBe("2h 04m");
    expect(formatDuration(90_000)).toBe("1d 1h");
  });

  it("shows a time in the zone it is asked in", () => {
    expect(formatInZone("2026-12-01T08:00:00Z", "Europe/Berlin")).toBe("Tue 1 Dec 2026, 09:00");
    expect(formatInZone("2026-12-01T08:00:00Z", "Asia/Tokyo")).toBe("Tue 1 Dec 2026, 17:00");
    expect(formatInZone("2026-12-01T08:00:00Z")).toBe("Tue 1 Dec 2026, 08:00");
    expect(formatInZone(null)).toBe("—");
  });

  it("adds the person's own time when their zone is not the schedule's, the date only when it differs", () => {
    expect(runTime("2026-12-01T08:00:00Z", "Europe/Berlin", "Europe/Berlin")).toEqual({
      there: "Tue 1 Dec 2026, 09:00",
      mine: null,
    });
    expect(runTime("2026-12-01T08:00:00Z", "Europe/Berlin", "Europe/London")).toEqual({
      there: "Tue 1 Dec 2026, 09:00",
      mine: "08:00",
    });
    expect(runTime("2026-12-01T20:00:00Z", "Europe/Berlin", "Asia/Tokyo")).toEqual({
      there: "Tue 1 Dec 2026, 21:00",
      mine: "Wed 2 Dec 2026, 05:00",
    });
  });

  it("colours phases and says who ran a job", () => {
    expect(phaseTone.succeeded).toBe("good");
    expect(phaseTone.failed).toBe("bad");
    expect(phaseTone.running).toBe("accent");
    expect(ranBy("42", "42")).toBe("you");
    expect(ranBy("42", "7")).toBe("42");
    expect(ranBy(null, "7")).toBe("—");
  });
});

describe("the Jobs area in the shell", () => {
  it("is a cluster area reached with g j, marked on its page, with its crumb", () => {
    const jobs = navAreas({ clusterId: "c 1", role: "viewer" }).find((a) => a.id === "jobs");
    expect(jobs).toMatchObject({ label: "Jobs", href: "/clusters/c%201/jobs", key: "j", group: "cluster" });
    expect(navAreas({ clusterId: null, role: "admin" }).some((a) => a.id === "jobs")).toBe(false);
    expect(areaOf("/clusters/abc/jobs")).toBe("jobs");
    expect(breadcrumbTrail("/clusters/abc/jobs", "prod")).toEqual([
      { label: "Clusters", href: "/clusters" },
      { label: "prod", href: "/clusters/abc" },
      { label: "Jobs" },
    ]);
    expect(jobsHref("c 1", "my ns")).toBe("/clusters/c%201/jobs?namespace=my%20ns");
  });
});
