import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ATTACH_MAX_BYTES, fetchArchive } from "../src/commands/cluster/snapshot-download";
import { renderDownloadLink } from "../src/render/snapshots";

// The archive behind a signed link, read by the worker from a real local HTTP server: kept when it
// fits Discord's attachment limit, given up on (null: the reply gives the link) once past it.

let server: Server;
let base = "";
const sizes: Record<string, number> = { "/small": 1024, "/large": 64 * 1024 };

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/gone") {
      res.writeHead(403, { "content-type": "application/json" });
      res.end('{"error":{"message":"expired"}}');
      return;
    }
    if (req.url === "/redirect") {
      res.writeHead(302, { location: "/small" });
      res.end();
      return;
    }
    const size = sizes[req.url ?? ""] ?? 0;
    res.writeHead(200, { "content-type": "application/gzip" });
    res.end(Buffer.alloc(size, 7));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("fetchArchive", () => {
  it("returns the bytes when they fit", async () => {
    const bytes = await fetchArchive(`${base}/small`, 4096);
    expect(bytes?.length).toBe(1024);
  });

  it("stops reading past the limit and returns null (the reply then gives the link)", async () => {
    expect(await fetchArchive(`${base}/large`, 4096)).toBeNull();
  });

  it("says what went wrong, and follows no redirect", async () => {
    await expect(fetchArchive(`${base}/gone`, 4096)).rejects.toThrow(
      "Could not fetch the snapshot archive (HTTP 403); try again.",
    );
    await expect(fetchArchive(`${base}/redirect`, 4096)).rejects.toThrow(
      "Could not fetch the snapshot archive (no answer); try again.",
    );
  });
});

describe("renderDownloadLink", () => {
  it("gives the short-lived link with its expiry when the archive is over Discord's limit", () => {
    const embed = renderDownloadLink(
      "snap-1",
      {
        url: "https://cc.example.test/api/snapshots/download?token=t",
        filename: "snapshot-prod.tar.gz",
        bytes: 20 * 1024 * 1024,
        expiresAt: "2026-12-01T02:05:00.000Z",
      },
      ATTACH_MAX_BYTES,
    );
    expect(embed.description).toBe(
      "`snapshot-prod.tar.gz` is 20.00 MiB, over the 8.00 MiB Discord takes. Download it from this link, " +
        "which expires <t:1796090700:R>; it downloads as you, so do not share it:\nhttps://cc.example.test/api/snapshots/download?token=t",
    );
  });
});
