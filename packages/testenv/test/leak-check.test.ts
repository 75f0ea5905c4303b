import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findLeaks, readCollected } from "../src/leak-check";

const secret = { label: "bot token", value: 'Bot.s3cr3t-"quoted"/value+=' };

describe("the suite's secret check", () => {
  it("finds a secret as is, JSON-escaped and URL-encoded, and says where", () => {
    expect(findLeaks([secret], `error: ${secret.value} refused`, "a")).toEqual([
      { label: "bot token", source: "a", offset: 7 },
    ]);
    expect(findLeaks([secret], JSON.stringify({ m: secret.value }), "b")).toHaveLength(1);
    expect(findLeaks([secret], `?t=${encodeURIComponent(secret.value)}`, "c")).toHaveLength(1);
  });

  it("finds nothing in clean text, and ignores values too short to be told apart", () => {
    expect(findLeaks([secret], "Bot.s3cr3t- was refused", "a")).toEqual([]);
    expect(findLeaks([{ label: "short", value: "abc" }], "abc abc", "a")).toEqual([]);
  });

  it("reads registered secrets apart from collected outputs", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cc-leak-"));
    writeFileSync(path.join(dir, "secrets-1.jsonl"), `${JSON.stringify(secret)}\n`);
    writeFileSync(path.join(dir, "output-1.log"), "--- web\nhello\n");
    const collected = readCollected(dir);
    expect(collected.secrets).toEqual([secret]);
    expect(collected.outputs).toEqual([{ source: "output-1.log", text: "--- web\nhello\n" }]);
  });
});
