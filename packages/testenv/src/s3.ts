import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, clusterDir } from "./cluster/index";
import { registerSecret } from "./leak-check";
import { startService } from "./process";

export interface S3StandIn {
  /** http://127.0.0.1:PORT (path-style addressing). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/** Where build.sh puts the stand-in (packages/testenv/s3). */
export function s3BinaryPath(): string {
  // readVersions() knows only the cluster's keys (and no digits in names): read this one here.
  const env = readFileSync(join(clusterDir, "versions.env"), "utf8");
  const v = /^\s*GOFAKES3_VERSION=(\S+)/m.exec(env)?.[1];
  if (!v) throw new Error("versions.env has no GOFAKES3_VERSION");
  return join(cacheDir(), "bin", `s3-${v}`, "s3");
}

/** Builds the stand-in when missing (`build.sh s3`: about 10 s warm, a minute or two with a cold module cache). */
export async function ensureS3Binary(): Promise<string> {
  const path = s3BinaryPath();
  if (existsSync(path)) return path;
  await new Promise<void>((resolve, reject) => {
    const child = spawn("bash", [join(clusterDir, "build.sh"), "s3"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`cluster/build.sh s3 exited with code ${code}`)),
    );
  });
  if (!existsSync(path)) throw new Error(`build.sh s3 finished but ${path} is missing`);
  return path;
}

/**
 * An S3-compatible server on 127.0.0.1 (gofakes3 in memory) with one bucket
 * made at start and fresh credentials; it refuses requests whose AWS SigV4
 * signature is not made with them. The secret key joins the leak check.
 */
export async function startS3(options: { bucket?: string; region?: string } = {}): Promise<S3StandIn> {
  const binary = await ensureS3Binary();
  const bucket = options.bucket ?? "clustercord-test";
  const region = options.region ?? "us-east-1";
  const accessKeyId = `AKTEST${randomBytes(7).toString("hex").toUpperCase()}`;
  const secretAccessKey = registerSecret(randomBytes(30).toString("base64url"), "S3 stand-in secret key");
  const service = await startService({
    name: "s3",
    command: binary,
    args: ["-bucket", bucket, "-region", region],
    env: { ...process.env, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey },
    readyLine: /listening on 127\.0\.0\.1:\d+/,
    timeoutMs: 30_000,
  });
  const port = /listening on 127\.0\.0\.1:(\d+)/.exec(service.output())?.[1];
  if (!port) {
    await service.stop();
    throw new Error(`the S3 stand-in printed no port:\n${service.output().slice(-2000)}`);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region,
    accessKeyId,
    secretAccessKey,
    stop: () => service.stop(),
  };
}
