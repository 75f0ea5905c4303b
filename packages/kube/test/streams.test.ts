import { spawn, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { EXEC_TAG_VARIABLE, exitCodeOf, killTaggedScript, LineSplitter, logPath } from "../src/streams/index";

describe("logPath", () => {
  it("puts only the options given into the query", () => {
    expect(logPath({ namespace: "ns", pod: "p" })).toBe("/api/v1/namespaces/ns/pods/p/log");
    expect(
      logPath({
        namespace: "ns",
        pod: "p",
        container: "main",
        follow: true,
        tailLines: 10,
        sinceSeconds: 60,
        previous: true,
        timestamps: true,
      }),
    ).toBe(
      "/api/v1/namespaces/ns/pods/p/log?container=main&follow=true&tailLines=10&sinceSeconds=60&previous=true&timestamps=true",
    );
  });
});

describe("LineSplitter", () => {
  it("joins lines split across chunks, also inside a multi-byte character", () => {
    const s = new LineSplitter();
    const bytes = Buffer.from("one\r\ntwo é\nthr");
    const cut = bytes.indexOf(0xa9); // second byte of é
    expect(s.push(bytes.subarray(0, cut))).toEqual(["one"]);
    expect(s.push(bytes.subarray(cut))).toEqual(["two é"]);
    expect(s.push(Buffer.from("ee\n"))).toEqual(["three"]);
    expect(s.push(Buffer.from("tail"))).toEqual([]);
    expect(s.end()).toEqual(["tail"]);
  });

  it("counts the lines it skips without decoding them, then goes on from the unfinished one", () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from("one\ntw"))).toEqual(["one"]);
    // "two" is completed by the skipped chunk and counted with "three" and "four".
    expect(s.skip(Buffer.from("o\nthree\nfour\nfi"))).toBe(3);
    expect(s.skip(Buffer.from("ve, still"))).toBe(0);
    expect(s.push(Buffer.from(" five\nsix\n"))).toEqual(["five, still five", "six"]);
    const e = Buffer.from("é\n");
    expect(s.skip(Buffer.concat([Buffer.from("x\n"), e.subarray(0, 1)]))).toBe(1);
    expect(s.push(e.subarray(1))).toEqual(["é"]);
  });

  it("cuts an endless line instead of holding it", () => {
    const s = new LineSplitter();
    const lines = s.push(Buffer.from("x".repeat(20_000)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toHaveLength(16 * 1024);
  });
});

describe("exitCodeOf", () => {
  it("reads the kubelet's ExitCode cause and kwok's message", () => {
    expect(exitCodeOf({ status: "Success" })).toBe(0);
    expect(
      exitCodeOf({
        status: "Failure",
        reason: "NonZeroExitCode",
        details: { causes: [{ reason: "ExitCode", message: "7" }] },
      }),
    ).toBe(7);
    expect(
      exitCodeOf({ status: "Failure", message: "error executing command: cmd wait: sh : exit status 3" }),
    ).toBe(3);
    expect(exitCodeOf({ status: "Failure", message: "something else" })).toBe(1);
  });
});

describe("killTaggedScript", () => {
  it("kills the tagged processes and their children, and no others", async () => {
    const env = (tag: string) => ({ ...process.env, [EXEC_TAG_VARIABLE]: tag });
    const tagged = spawn("sh", ["-c", "sleep 60 & wait"], {
      env: env(`${"a".repeat(23)}1`),
      stdio: "ignore",
    });
    const other = spawn("sleep", ["60"], { env: env(`${"a".repeat(23)}2`), stdio: "ignore" });
    const exited = (child: typeof tagged) =>
      new Promise<string | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    const taggedExit = exited(tagged);
    await new Promise((r) => setTimeout(r, 200));
    const run = spawnSync("sh", ["-c", killTaggedScript(`${"a".repeat(23)}1`)]);
    expect(run.status).toBe(0);
    expect(await taggedExit).toBe("SIGKILL");
    expect(other.exitCode).toBeNull();
    expect(other.kill()).toBe(true);
  });

  it("accepts only hex tags (they go into a shell script)", () => {
    expect(() => killTaggedScript("x'; rm -rf /")).toThrow(/hex/);
    expect(() => killTaggedScript("abc")).toThrow(/24 hex/);
  });
});
