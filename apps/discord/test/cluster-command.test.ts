import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clusterCommand } from "../src/commands/cluster";
import { CUSTOM_ID_MAX, customId, packId, unpackId } from "../src/commands/cluster/custom-id";
import { downloadText } from "../src/commands/cluster/download";
import { UserError } from "../src/user-error";

describe("button custom ids", () => {
  it("packs a cluster UUID into 22 characters and back", () => {
    for (let i = 0; i < 50; i++) {
      const id = randomUUID();
      const packed = packId(id);
      expect(packed).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(unpackId(packed)).toBe(id);
    }
  });

  it("keeps other ids readable and free of ':'", () => {
    expect(packId("cl:x/1")).toBe("=cl%3Ax%2F1");
    expect(unpackId(packId("cl:x/1"))).toBe("cl:x/1");
    expect(unpackId(packId("ABCDEF01-2345-6789-abcd-ef0123456789"))).toBe(
      "ABCDEF01-2345-6789-abcd-ef0123456789",
    );
    expect(unpackId("not-a-packed-id")).toBeNull();
    expect(unpackId("=%E0%A4%A")).toBeNull();
  });

  it("fits a revoke button with a 20-digit server id and a real-length token in 100 characters", () => {
    // The API's token: an expiry in base36 and a 16-byte HMAC in base64url.
    const token = `${(Date.now() + 120_000).toString(36)}.${Buffer.alloc(16, 255).toString("base64url")}`;
    const id = customId("cluster-revoke", packId(randomUUID()), "9".repeat(20), token);
    expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
    // The plain UUID would not have fitted.
    expect(`cluster-revoke:${randomUUID()}:${"9".repeat(20)}:${token}`.length).toBeGreaterThan(CUSTOM_ID_MAX);
  });

  it("fits a leave button with a real-length token in 100 characters", () => {
    const token = `${(Date.now() + 120_000).toString(36)}.${Buffer.alloc(16, 255).toString("base64url")}`;
    expect(customId("cluster-leave", packId(randomUUID()), token).length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
  });

  it("refuses ids Discord would reject", () => {
    expect(() => customId("p", "x".repeat(100))).toThrow(/Discord allows 100/);
    expect(() => customId("p", "a:b")).toThrow(/contains ':'/);
  });
});

describe("the /cluster definition", () => {
  it("stays within Discord's limits", () => {
    const def = clusterCommand.definition;
    expect(def.name).toBe("cluster");
    const subs = def.options ?? [];
    expect(subs.length).toBeLessThanOrEqual(25);
    let chars = def.name.length + def.description.length;
    for (const sub of subs) {
      expect(sub.description.length, sub.name).toBeLessThanOrEqual(100);
      chars += sub.name.length + sub.description.length;
      for (const option of "options" in sub ? (sub.options ?? []) : []) {
        expect(option.name, `${sub.name} ${option.name}`).toMatch(/^[-_a-z0-9]{1,32}$/);
        expect(option.description.length, `${sub.name} ${option.name}`).toBeLessThanOrEqual(100);
        chars += option.name.length + option.description.length;
      }
    }
    expect(chars).toBeLessThanOrEqual(8000);
  });
});

describe("downloadText", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const file = { name: "kc.yaml", size: 10, url: "https://cdn.example/kc.yaml" };
  const respond = (body: ConstructorParameters<typeof Response>[0], status = 200) =>
    vi.fn(async () => new Response(body, { status }));

  it("returns the file's text", async () => {
    const fetch = respond("apiVersion: v1\n");
    vi.stubGlobal("fetch", fetch);
    await expect(downloadText(file, 100)).resolves.toBe("apiVersion: v1\n");
    expect(fetch).toHaveBeenCalledWith(file.url, expect.anything());
  });

  it("refuses without downloading when Discord says the file is too large", async () => {
    const fetch = respond("x");
    vi.stubGlobal("fetch", fetch);
    await expect(downloadText({ ...file, size: 3 * 1024 + 1 }, 3 * 1024)).rejects.toThrow(
      new UserError("kc.yaml is 4 KiB; a kubeconfig may be at most 3 KiB. Nothing was added."),
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it("stops reading past the limit whatever size was claimed", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    vi.stubGlobal("fetch", respond(endless));
    await expect(downloadText(file, 4 * 1024)).rejects.toThrow(
      "kc.yaml is larger than 4 KiB; a kubeconfig may be at most 4 KiB. Nothing was added.",
    );
    expect(pulled).toBeLessThan(10);
  });

  it("says what went wrong with the download, and refuses binary files", async () => {
    vi.stubGlobal("fetch", respond("gone", 404));
    await expect(downloadText(file, 100)).rejects.toThrow(
      "Could not download kc.yaml from Discord (HTTP 404); try again.",
    );
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("fetch failed");
      }),
    );
    await expect(downloadText(file, 100)).rejects.toThrow(/\(no answer\); try again\.$/);
    vi.stubGlobal("fetch", respond(new Uint8Array([0xff, 0xfe, 0x00])));
    await expect(downloadText(file, 100)).rejects.toThrow(
      "kc.yaml is not a text file; attach the kubeconfig's YAML. Nothing was added.",
    );
  });
});
