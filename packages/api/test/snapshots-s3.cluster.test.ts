/**
 * Snapshots kept in an S3-compatible store (the gofakes3 stand-in on
 * 127.0.0.1, SigV4-signed requests through the outbound guard): a snapshot
 * taken on the local control plane goes to the bucket, not to a directory,
 * and downloads through its signed link with the Secret still sealed.
 */
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import type {
  SnapshotsCreateOutput,
  SnapshotsDownloadOutput,
  SnapshotsGetOutput,
} from "@clustercord/contracts";
import { readSnapshotArchive } from "@clustercord/kube";
import { createOutboundGuard } from "@clustercord/outbound";
import { localChartPolicy } from "@clustercord/testenv";
import { registerSecret } from "@clustercord/testenv/leak-check";
import { type S3StandIn, startS3 } from "@clustercord/testenv/s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, type ApiHarness, BOB, startApiHarness } from "./harness";

const nsAcme = `clustercord-guild-${ACME}`;
const TOKEN = registerSecret("snapshot-s3-api-token-9c03e1", "a Secret value in an S3-stored snapshot");

let s3: S3StandIn;
let h: ApiHarness;
let clusterId: string;

beforeAll(async () => {
  s3 = await startS3();
  h = await startApiHarness({
    blobStore: {
      kind: "s3",
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      region: s3.region,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      forcePathStyle: true,
      // The stand-in serves plain http on 127.0.0.1: allowed there, nowhere else.
      guard: createOutboundGuard(localChartPolicy),
    },
  });
  clusterId = await h.addSharedCluster();
  await h.cluster.kubectl(
    ["apply", "-f", "-"],
    JSON.stringify({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "api", namespace: nsAcme },
      stringData: { TOKEN },
    }),
  );
}, 600_000);

afterAll(async () => {
  await h?.close();
  await s3?.stop();
});

describe("snapshots in an S3-compatible store", () => {
  it("are taken into the bucket and download through the signed link", async () => {
    const started = await h.call<SnapshotsCreateOutput>("snapshots.create", [BOB, ACME], {
      input: { clusterId, namespaces: [nsAcme], description: "to s3" },
      mutation: true,
    });
    expect(started.error).toBeUndefined();
    const id = started.data.snapshot.id;
    const deadline = Date.now() + 120_000;
    let got = await h.call<SnapshotsGetOutput>("snapshots.get", [BOB, ACME], { input: { id } });
    while (got.data.snapshot.status === "running" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      got = await h.call<SnapshotsGetOutput>("snapshots.get", [BOB, ACME], { input: { id } });
    }
    expect(got.data.snapshot.error).toBeUndefined();
    expect(got.data.snapshot.status).toBe("ready");
    const row = await h.db.prisma.snapshot.findUniqueOrThrow({ where: { id } });
    expect(h.blobStore.kind).toBe("s3");
    expect(await h.blobStore.stat(row.blobKey)).toEqual({ bytes: got.data.snapshot.bytes });

    const link = await h.call<SnapshotsDownloadOutput>("snapshots.download", [BOB, ACME], { input: { id } });
    const res = await fetch(link.data.url);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(link.data.bytes);
    const archive = await readSnapshotArchive(Readable.from([bytes]));
    expect(archive.files).toEqual(
      expect.arrayContaining(["manifest.json", `objects/${nsAcme}/secret.core.yaml`]),
    );
    const secret = archive.find({ apiVersion: "v1", kind: "Secret", namespace: nsAcme, name: "api" });
    expect(secret?.keys).toEqual(["TOKEN"]);
    expect(gunzipSync(bytes).toString("latin1")).not.toContain(TOKEN);
  });
});
