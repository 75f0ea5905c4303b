import type { CronJobSummary, JobSummary, JobsGetOutput } from "@clustercord/contracts";
import { describe, expect, it } from "vitest";
import { jobCommand } from "../src/commands/job";
import { volumeChoices } from "../src/commands/job-autocomplete";
import { argvOf, scheduleNameFor } from "../src/commands/job-options";
import {
  formatDuration,
  jobEnded,
  logBlock,
  nextRunsText,
  renderCronJob,
  renderJob,
  renderJobList,
  renderJobLogs,
} from "../src/render/jobs";
import { LOG_INLINE_MAX } from "../src/render/logs";
import { colors } from "../src/render/style";
import { UserError } from "../src/user-error";

const job = (overrides: Partial<JobSummary> = {}): JobSummary => ({
  name: "test-job",
  namespace: "team-a",
  phase: "running",
  image: "alpine:3.20",
  command: "echo 'hello world'",
  createdBy: "100000000000000002",
  cronJob: null,
  startedAt: "2026-11-30T10:00:00.000Z",
  finishedAt: null,
  durationSeconds: 5,
  exitCode: null,
  succeeded: 0,
  failed: 0,
  pod: "test-job-abc12",
  createdAt: "2026-11-30T09:59:58.000Z",
  ...overrides,
});

const cron = (overrides: Partial<CronJobSummary> = {}): CronJobSummary => ({
  name: "nightly",
  namespace: "team-a",
  schedule: "0 2 * * *",
  timeZone: "Europe/Berlin",
  suspended: false,
  concurrencyPolicy: "Forbid",
  image: "backup:1",
  command: "daily-backup.sh",
  lastScheduleAt: null,
  nextRuns: ["2026-12-01T01:00:00.000Z", "2026-12-02T01:00:00.000Z", "2026-12-03T01:00:00.000Z"],
  active: 0,
  createdBy: "100000000000000001",
  ...overrides,
});

const field = (embed: { fields?: { name: string; value: string }[] }, name: string) =>
  embed.fields?.find((f) => f.name === name)?.value;

describe("formatDuration", () => {
  it("reads as the API's messages say it", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(2.4)).toBe("2s");
    expect(formatDuration(59)).toBe("59s");
    expect(formatDuration(65)).toBe("1m 5s");
    expect(formatDuration(3600 + 180 + 9)).toBe("1h 3m");
    expect(formatDuration(3 * 86_400 + 4 * 3600 + 59)).toBe("76h 0m");
    expect(formatDuration(-3)).toBe("0s");
  });
});

describe("renderJob", () => {
  it("while running: the guide's 'started' with status, pod, start and 'Waiting for completion…', no exit code", () => {
    const embed = renderJob(
      { job: job({ phase: "running" }), lastLogLines: [] },
      { clusterName: "prod", message: "Started job test-job in team-a." },
    );
    expect(embed.title).toBe("🚀 Job 'test-job' started");
    expect(field(embed, "Status")).toBe("Running");
    expect(field(embed, "Pod")).toBe("`test-job-abc12`");
    expect(field(embed, "Started")).toBe(`<t:${Date.parse("2026-11-30T10:00:00.000Z") / 1000}:R>`);
    expect(field(embed, "Exit code")).toBeUndefined();
    expect(embed.description).toBe("Started job test-job in team-a.\n\nWaiting for completion…");
    expect(embed.color).toBe(colors.brand);
    expect(embed.footer?.text).toBe("team-a on prod · alpine:3.20 · echo 'hello world'");
  });

  it("once completed: exit code, duration and the last log lines in a code block", () => {
    const out: JobsGetOutput = {
      job: job({
        phase: "succeeded",
        exitCode: 0,
        durationSeconds: 2,
        finishedAt: "2026-11-30T10:00:02.000Z",
      }),
      lastLogLines: ["hello world", "done"],
    };
    const embed = renderJob(out, { clusterName: "prod" });
    expect(embed.title).toBe("✅ Job 'test-job' completed");
    expect(field(embed, "Status")).toBe("Succeeded");
    expect(field(embed, "Exit code")).toBe("0");
    expect(field(embed, "Duration")).toBe("2s");
    expect(embed.description).toBe("Logs:\n```\nhello world\ndone\n```");
    expect(embed.color).toBe(colors.ok);
  });

  it("a failed job is red with its exit code; an empty log is said, not shown as an empty block", () => {
    const embed = renderJob(
      { job: job({ phase: "failed", exitCode: 3, durationSeconds: 61 }), lastLogLines: [] },
      { clusterName: "prod" },
    );
    expect(embed.title).toBe("❌ Job 'test-job' failed");
    expect(field(embed, "Exit code")).toBe("3");
    expect(field(embed, "Duration")).toBe("1m 1s");
    expect(embed.description).toBe("The job's log is empty.");
    expect(embed.color).toBe(colors.error);
  });

  it("an unknown exit code says so; given up after 10 minutes says how far it got", () => {
    const ended = renderJob(
      { job: job({ phase: "failed", exitCode: null }), lastLogLines: ["x"] },
      { clusterName: "p" },
    );
    expect(field(ended, "Exit code")).toBe("unknown");
    const stopped = renderJob({ job: job(), lastLogLines: [] }, { clusterName: "p", givenUp: true });
    expect(stopped.description).toBe(
      "Stopped following after 10 minutes; the job is still running. See it with /job list or /job logs.",
    );
  });

  it("escapes markdown in the API's message", () => {
    const embed = renderJob({ job: job(), lastLogLines: [] }, { clusterName: "p", message: "ran *my_job*" });
    expect(embed.description?.startsWith("ran \\*my\\_job\\*")).toBe(true);
  });
});

describe("logBlock", () => {
  it("keeps the last lines that fit, and a backtick fence in the log cannot close the block", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i} ${"x".repeat(20)}`);
    const block = logBlock([...lines, "``` end"], 200);
    expect(block.length).toBeLessThanOrEqual(200 + 8);
    expect(block.endsWith("`\u200b`` end\n```")).toBe(true);
    expect(block).toContain("line 99");
    expect(block).not.toContain("line 90 ");
    expect(block.match(/```/g)).toHaveLength(2);
  });
});

describe("jobEnded", () => {
  it("is true for succeeded and failed only", () => {
    expect(
      ["pending", "running", "suspended", "succeeded", "failed"].map((p) => jobEnded(p as never)),
    ).toEqual([false, false, false, true, true]);
  });
});

describe("renderJobList", () => {
  it("lists jobs newest first with status, duration, exit code, who ran them, and CronJobs with next runs", () => {
    const embed = renderJobList(
      {
        jobs: [
          job({
            name: "older",
            phase: "succeeded",
            exitCode: 0,
            durationSeconds: 2,
            createdAt: "2026-11-30T08:00:00Z",
          }),
          job({ name: "newer", createdBy: null, cronJob: "nightly", createdAt: "2026-11-30T09:00:00Z" }),
        ],
        cronJobs: [cron(), cron({ name: "paused", suspended: true, nextRuns: [] })],
      },
      { namespace: "team-a", clusterName: "prod" },
    );
    expect(embed.title).toBe("Jobs in team-a on prod");
    const lines = embed.description?.split("\n") ?? [];
    expect(lines[0]).toBe("**Jobs** (2)");
    expect(lines[1]).toMatch(/^🚀 `newer` · Running · 5s · from `nightly` · <t:\d+:R>$/);
    expect(lines[2]).toMatch(/^✅ `older` · Succeeded · 2s · exit 0 · by <@100000000000000002> · <t:\d+:R>$/);
    expect(lines[4]).toBe("**CronJobs** (2)");
    expect(lines[5]).toBe(
      `⏰ \`nightly\` · \`0 2 * * *\` (Europe/Berlin) · next ${cron()
        .nextRuns.map((r) => `<t:${Date.parse(r) / 1000}:f>`)
        .join(", ")} · by <@100000000000000001>`,
    );
    expect(lines[6]).toBe("⏰ `paused` · `0 2 * * *` (Europe/Berlin) · suspended · by <@100000000000000001>");
  });

  it("says there is nothing, and how to start; cuts long lists with how many were left out", () => {
    expect(renderJobList({ jobs: [], cronJobs: [] }, { namespace: "a", clusterName: "b" }).description).toBe(
      "No jobs or CronJobs here. Start one with /job run or /job schedule.",
    );
    const many = Array.from({ length: 200 }, (_, i) => job({ name: `job-${i}` }));
    const description = renderJobList({ jobs: many, cronJobs: [] }, { namespace: "a", clusterName: "b" })
      .description as string;
    expect(description.length).toBeLessThanOrEqual(4096);
    expect(description).toMatch(/… and \d+ more$/);
  });
});

describe("renderJobLogs", () => {
  const where = { job: "test-job", namespace: "team-a", clusterName: "prod" };
  it("shows a short log in a code block", () => {
    const { embeds, files } = renderJobLogs(
      { pod: "test-job-abc12", lines: ["a", "b"], truncated: false },
      where,
    );
    expect(files).toEqual([]);
    expect(embeds[0]?.title).toBe("Log of job test-job");
    expect(embeds[0]?.description).toBe("```\na\nb\n```");
    expect(embeds[0]?.footer?.text).toBe("team-a on prod · pod test-job-abc12 · last 2 lines");
  });

  it("attaches a long log whole as <job>.log", () => {
    const lines = Array.from({ length: 80 }, (_, i) => `line ${i} ${"y".repeat(40)}`);
    expect(lines.join("\n").length).toBeGreaterThan(LOG_INLINE_MAX);
    const { embeds, files } = renderJobLogs({ pod: "p", lines, truncated: true }, where);
    expect(files).toHaveLength(1);
    expect(files[0]?.name).toBe("test-job.log");
    expect(String(files[0]?.attachment)).toBe(`${lines.join("\n")}\n`);
    expect(embeds[0]?.description).toBe("80 lines: too long to show here, attached as test-job.log.");
    expect(embeds[0]?.footer?.text).toContain("older lines left out");
  });

  it("says when there is no pod yet or the log is empty", () => {
    expect(renderJobLogs({ pod: null, lines: [], truncated: false }, where).embeds[0]?.description).toBe(
      "The job has no pod yet.",
    );
    expect(renderJobLogs({ pod: "p", lines: [], truncated: false }, where).embeds[0]?.description).toBe(
      "The log is empty.",
    );
  });
});

describe("renderCronJob", () => {
  it("shows the API's message, schedule, zone, concurrency and the next 3 runs in the reader's time", () => {
    const embed = renderCronJob({ message: "Scheduled nightly in team-a.", cronJob: cron() });
    expect(embed.title).toBe("⏰ CronJob 'nightly'");
    expect(embed.description).toBe("Scheduled nightly in team-a.");
    expect(field(embed, "Schedule")).toBe("`0 2 * * *`");
    expect(field(embed, "Time zone")).toBe("Europe/Berlin");
    expect(field(embed, "Concurrency")).toBe("Forbid");
    const next = field(embed, "Next runs (your time)")?.split("\n") ?? [];
    expect(next).toHaveLength(3);
    const at = Date.parse("2026-12-01T01:00:00.000Z") / 1000;
    expect(next[0]).toBe(`• <t:${at}:F> (<t:${at}:R>)`);
  });

  it("a suspended CronJob has no next runs and says how to resume", () => {
    const embed = renderCronJob({
      message: "Suspended nightly.",
      cronJob: cron({ suspended: true, nextRuns: [] }),
    });
    expect(embed.title).toBe("⏰ CronJob 'nightly' (suspended)");
    expect(field(embed, "Next runs (suspended)")).toBe("None while suspended; /job resume starts it again.");
    expect(embed.color).toBe(colors.warn);
    expect(nextRunsText([])).toBe("none");
  });
});

describe("/job options", () => {
  it("splits command: and args: as a shell would, refusing with the option's name", () => {
    expect(argvOf("command", `sh -c 'echo "a b"'`)).toEqual(["sh", "-c", 'echo "a b"']);
    expect(argvOf("args", undefined)).toEqual([]);
    expect(argvOf("args", "   ")).toEqual([]);
    expect(() => argvOf("args", "-h 'db")).toThrow(UserError);
    expect(() => argvOf("args", "-h 'db")).toThrow(/^args: /);
    expect(() => argvOf("command", " ")).toThrow(
      'command: is empty; give the program to run, e.g. command:"echo hello".',
    );
  });

  it("names a CronJob after its image when no name is given", () => {
    expect(scheduleNameFor("backup", "7fk2q")).toBe("backup-7fk2q");
    expect(scheduleNameFor("ghcr.io/acme/Nightly_Report:1.2@sha256:abc", "x2x2x")).toBe(
      "nightly-report-x2x2x",
    );
    expect(scheduleNameFor("localhost:5000/app", "abcde")).toBe("app-abcde");
    expect(scheduleNameFor("___", "abcde")).toBe("job-abcde");
    expect(scheduleNameFor(`${"a".repeat(80)}:1`, "abcde")).toHaveLength(52);
  });

  it("offers PVCs as <pvc>:/path, keeping the path typed", () => {
    expect(volumeChoices(["data", "cache", "old-data"], "da")).toEqual([
      { name: "data:/mnt/data", value: "data:/mnt/data" },
      { name: "old-data:/mnt/old-data", value: "old-data:/mnt/old-data" },
    ]);
    expect(volumeChoices(["data"], "data:/var/lib/x")).toEqual([
      { name: "data:/var/lib/x", value: "data:/var/lib/x" },
    ]);
  });
});

describe("the /job definition", () => {
  const subs = (jobCommand.definition.options ?? []) as {
    name: string;
    options?: { name: string; type: number; required?: boolean; autocomplete?: boolean }[];
  }[];
  const opts = (name: string) =>
    subs
      .find((s) => s.name === name)
      ?.options?.map((o) => [o.name, o.required ?? false, o.autocomplete ?? false]);

  it("has the issue's subcommands and options, autocompleted where a name is picked", () => {
    expect(subs.map((s) => s.name)).toEqual([
      "run",
      "list",
      "logs",
      "delete",
      "schedule",
      "trigger",
      "suspend",
      "resume",
    ]);
    expect(opts("run")).toEqual([
      ["image", true, false],
      ["command", true, false],
      ["args", false, false],
      ["name", false, false],
      ["namespace", false, true],
      ["env_from_secret", false, true],
      ["volume", false, true],
      ["cluster", false, true],
    ]);
    expect(opts("schedule")?.map((o) => o[0])).toEqual([
      "cron",
      "image",
      "command",
      "args",
      "name",
      "timezone",
      "concurrency",
      "namespace",
      "env_from_secret",
      "volume",
      "cluster",
    ]);
    expect(opts("logs")).toEqual([
      ["job", true, true],
      ["namespace", false, true],
      ["cluster", false, true],
    ]);
    expect(opts("delete")?.map((o) => o[0])).toEqual(["job", "kind", "namespace", "cluster"]);
    for (const sub of ["trigger", "suspend", "resume"])
      expect(opts(sub)?.[0]).toEqual(["cronjob", true, true]);
    expect(jobCommand.ephemeral).toBe(true);
  });
});
