import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync, gzipSync, strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readManifestFiles } from "../../src/manifests/index";
import { inflateWithin } from "../../src/manifests/limits";
import { base64, buildTar, paxPath } from "./tar-builder";

const deployment = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n";
const utf8 = (name: string, content: string) => ({ name, encoding: "utf8" as const, content });
const b64 = (name: string, data: Uint8Array) => ({
  name,
  encoding: "base64" as const,
  content: base64(data),
});

/** The only error finding of a read, as `file: message`. */
function refusal(result: ReturnType<typeof readManifestFiles>): string {
  const errors = result.findings.filter((f) => f.level === "error");
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ step: "parse", document: null, line: null });
  return `${errors[0]?.file}: ${errors[0]?.message}`;
}

describe("readManifestFiles: plain files", () => {
  it("keeps utf8 files as they are (a byte-order mark dropped) and decodes base64 YAML", () => {
    const result = readManifestFiles([
      utf8("a.yaml", `\uFEFF${deployment}`),
      b64("b.json", strToU8('{"kind":"ConfigMap"}')),
    ]);
    expect(result.findings).toEqual([]);
    expect(result.sources).toEqual([
      { name: "a.yaml", text: deployment },
      { name: "b.json", text: '{"kind":"ConfigMap"}' },
    ]);
  });

  it("refuses more than 1 MiB in total, naming the file that crossed it", () => {
    const half = "x".repeat(512 * 1024);
    const result = readManifestFiles([utf8("a.yaml", half), utf8("b.yaml", `${half}y`), utf8("c.yaml", "z")]);
    expect(refusal(result)).toBe(
      "b.yaml: the files together are larger than 1 MiB (the limit for all files, archives unpacked)",
    );
    expect(result.sources.map((s) => s.name)).toEqual(["a.yaml"]); // nothing read after the budget is spent
  });

  it("refuses binary content: NUL bytes, invalid UTF-8", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(refusal(readManifestFiles([b64("logo.yaml", png)]))).toBe(
      "logo.yaml: is binary (it holds NUL bytes), not YAML or JSON text",
    );
    expect(refusal(readManifestFiles([utf8("a.yaml", "kind: \0")]))).toBe(
      "a.yaml: is binary (it holds NUL bytes), not YAML or JSON text",
    );
    expect(
      refusal(readManifestFiles([b64("latin1.yaml", new Uint8Array([0x6b, 0x3a, 0x20, 0xe9, 0x0a]))])),
    ).toBe("latin1.yaml: is not UTF-8 text, so not YAML or JSON");
  });

  it("refuses base64 that does not decode and formats it does not know", () => {
    expect(refusal(readManifestFiles([{ name: "bundle.zip", encoding: "base64", content: "UEsD*!" }]))).toBe(
      "bundle.zip: is not valid base64",
    );
    expect(refusal(readManifestFiles([b64("photo.png", new Uint8Array([1, 2, 3]))]))).toBe(
      "photo.png: is in an unknown format: send YAML or JSON text, or a .zip, .tar, .tar.gz or .tgz archive of them",
    );
    expect(refusal(readManifestFiles([b64("fake.zip", strToU8("apiVersion: v1"))]))).toBe(
      "fake.zip: is not a zip archive (its content says otherwise)",
    );
  });
});

describe("readManifestFiles: zip", () => {
  it("reads YAML and JSON at every level, in path order, naming entries archive:path; other files are skipped as info", () => {
    const zip = zipSync({
      "deploy/api.yaml": strToU8(deployment),
      "deploy/nested/web.yml": strToU8(deployment),
      "a.json": strToU8("{}"),
      "README.md": strToU8("# hi"),
      "__MACOSX/deploy/._api.yaml": new Uint8Array([0, 5, 22, 7, 0, 2]),
    });
    const result = readManifestFiles([b64("bundle.zip", zip)]);
    expect(result.sources.map((s) => s.name)).toEqual([
      "bundle.zip:a.json",
      "bundle.zip:deploy/api.yaml",
      "bundle.zip:deploy/nested/web.yml",
    ]);
    expect(result.sources[1]?.text).toBe(deployment);
    expect(result.findings.map((f) => [f.level, f.file, f.message])).toEqual([
      ["info", "bundle.zip:README.md", "skipped: only .yaml, .yml and .json files are read from an archive"],
      ["info", "bundle.zip:__MACOSX/deploy/._api.yaml", "skipped: archive metadata, not a manifest"],
    ]);
  });

  it("refuses path traversal, absolute paths and backslashes before unpacking anything", () => {
    const traversal = zipSync({
      "ok.yaml": strToU8(deployment),
      "deploy/../../evil.yaml": strToU8(deployment),
    });
    const result = readManifestFiles([b64("bundle.zip", traversal)]);
    expect(refusal(result)).toBe(
      'bundle.zip: entry "deploy/../../evil.yaml" leaves the archive (path traversal with ../); refused',
    );
    expect(result.sources).toEqual([]);
    expect(refusal(readManifestFiles([b64("b.zip", zipSync({ "/etc/x.yaml": strToU8("a: 1") }))]))).toBe(
      'b.zip: entry "/etc/x.yaml" has an absolute path; refused',
    );
    expect(refusal(readManifestFiles([b64("c.zip", zipSync({ "..\\x.yaml": strToU8("a: 1") }))]))).toBe(
      'c.zip: entry "..\\\\x.yaml" uses backslashes in its path; refused',
    );
  });

  it("refuses a symlink entry (Unix mode in the external attributes)", () => {
    const link = zipSync({
      "a.yaml": strToU8(deployment),
      "secrets.yaml": [strToU8("/etc/kubernetes/admin.conf"), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
    });
    expect(refusal(readManifestFiles([b64("bundle.zip", link)]))).toBe(
      'bundle.zip: entry "secrets.yaml" is a link; links are refused',
    );
  });

  it("stops inflating a zip bomb at the byte budget (50 MiB of zeros in ~50 KB)", () => {
    const bomb = zipSync({ "zeros.yaml": [new Uint8Array(50 * 1024 * 1024), { level: 9 }] });
    expect(bomb.length).toBeLessThan(100 * 1024);
    const result = readManifestFiles([b64("bomb.zip", bomb)]);
    expect(refusal(result)).toBe(
      "bomb.zip:zeros.yaml: unpacks to more than 1 MiB with the other files (the limit for all files together); refused as a possible zip bomb",
    );
    expect(result.sources).toEqual([]);
  });

  it("inflates within a limit: the limit, not the data, decides where it stops", () => {
    const zeros = deflateSync(new Uint8Array(8 * 1024 * 1024), { level: 9 });
    expect(inflateWithin(zeros, "deflate", 1024 * 1024)).toBeNull();
    expect(inflateWithin(zeros, "deflate", 8 * 1024 * 1024)?.length).toBe(8 * 1024 * 1024);
    expect(inflateWithin(gzipSync(strToU8("kind: Pod\n")), "gzip", 10)?.length).toBe(10);
    expect(inflateWithin(gzipSync(strToU8("kind: Pod\n")), "gzip", 9)).toBeNull();
  });

  it("counts unpacked bytes of every entry and file against one budget", () => {
    const part = new Uint8Array(400 * 1024).fill(0x61); // "aaaa…": compresses to almost nothing
    const zip = zipSync({ "1.yaml": part, "2.yaml": part });
    const result = readManifestFiles([utf8("first.yaml", "x".repeat(300 * 1024)), b64("parts.zip", zip)]);
    expect(refusal(result)).toBe(
      "parts.zip:2.yaml: unpacks to more than 1 MiB with the other files (the limit for all files together); refused as a possible zip bomb",
    );
  });

  it("refuses more than 1000 entries, encrypted entries and damaged archives", () => {
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 1001; i++) many[`d/${i}.yaml`] = strToU8("a: 1");
    expect(refusal(readManifestFiles([b64("many.zip", zipSync(many))]))).toBe(
      "many.zip: holds 1001 entries; at most 1000",
    );
    const cut = zipSync({ "a.yaml": strToU8(deployment) }).subarray(0, 40);
    expect(refusal(readManifestFiles([b64("cut.zip", cut)]))).toBe(
      "cut.zip: is not a readable zip archive (no end of central directory)",
    );
    const encrypted = zipSync({ "a.yaml": strToU8(deployment) });
    const view = new DataView(encrypted.buffer);
    const central = encrypted.findIndex(
      (_b, i) => i + 4 <= encrypted.length && view.getUint32(i, true) === 0x02014b50,
    );
    view.setUint16(central + 8, view.getUint16(central + 8, true) | 1, true);
    expect(refusal(readManifestFiles([b64("locked.zip", encrypted)]))).toBe(
      "locked.zip:a.yaml: is encrypted; encrypted archives are not supported",
    );
  });
});

describe("readManifestFiles: tar and tar.gz", () => {
  it("reads nested directories, ustar names and PAX long names; gzip too", () => {
    const long = `deploy/${"very-long-directory-name/".repeat(5)}api.yaml`;
    const tar = buildTar([
      { name: "deploy/", type: "5" },
      { name: "deploy/web.yaml", content: deployment },
      { name: "PaxHeader", type: "x", content: paxPath(long) },
      { name: "deploy/truncated-name", content: deployment },
      { name: "c.yaml", prefix: "deploy/ustar-prefix", content: deployment },
      { name: "notes.txt", content: "hello" },
    ]);
    for (const [name, data] of [
      ["bundle.tar", tar],
      ["bundle.tgz", gzipSync(tar)],
      ["bundle.tar.gz", gzipSync(tar)],
    ] as const) {
      const result = readManifestFiles([b64(name, data)]);
      expect(result.sources.map((s) => s.name)).toEqual([
        `${name}:deploy/ustar-prefix/c.yaml`,
        `${name}:${long}`,
        `${name}:deploy/web.yaml`,
      ]);
      expect(result.sources[1]?.text).toBe(deployment);
      expect(result.findings.map((f) => `${f.level} ${f.file}`)).toEqual([`info ${name}:notes.txt`]);
    }
  });

  it("refuses traversal, symlinks and hard links", () => {
    const cases = [
      [
        { name: "../../etc/cron.d/x.yaml", content: "a: 1" },
        'entry "../../etc/cron.d/x.yaml" leaves the archive (path traversal with ../); refused',
      ],
      [
        { name: "config.yaml", type: "2", linkname: "/etc/shadow" },
        'entry "config.yaml" is a link; links are refused',
      ],
      [
        { name: "config.yaml", type: "1", linkname: "other.yaml" },
        'entry "config.yaml" is a link; links are refused',
      ],
    ] as const;
    for (const [entry, message] of cases) {
      const tar = buildTar([{ name: "a.yaml", content: deployment }, entry]);
      const result = readManifestFiles([b64("bundle.tar", tar)]);
      expect(refusal(result)).toBe(`bundle.tar: ${message}`);
      expect(result.sources).toEqual([]);
    }
  });

  it("stops a gzip bomb at the budget and refuses a damaged header", () => {
    const bomb = gzipSync(buildTar([{ name: "zeros.yaml", content: new Uint8Array(30 * 1024 * 1024) }]), {
      level: 9,
    });
    expect(refusal(readManifestFiles([b64("bomb.tgz", bomb)]))).toBe(
      "bomb.tgz: unpacks to more than 1 MiB with the other files (the limit for all files together); refused as a possible gzip bomb",
    );
    const tar = buildTar([{ name: "a.yaml", content: deployment }]);
    tar[0] = 0x62; // the checksum no longer matches
    expect(refusal(readManifestFiles([b64("bad.tar", tar)]))).toBe(
      "bad.tar: is not a readable tar archive (bad header checksum at byte 0)",
    );
  });

  it("refuses more than 1000 entries", () => {
    const entries = Array.from({ length: 1001 }, (_v, i) => ({ name: `${i}.yaml`, content: "a: 1" }));
    expect(refusal(readManifestFiles([b64("many.tar", buildTar(entries))]))).toBe(
      "many.tar: holds more than 1000 entries; at most 1000",
    );
  });
});

describe("readManifestFiles: archives made by real tools", () => {
  // fixtures/archives: Info-ZIP `zip -r` (and `zip -ry` with a symlink), GNU tar `--format=gnu` (long names as
  // ././@LongLink entries; -z with a symlink) and `--format=pax -z`, over deploy/a.yaml and a 108-character
  // directory holding b.yaml.
  const archive = (name: string) =>
    b64(
      name,
      new Uint8Array(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "fixtures/archives", name))),
    );
  const long =
    "deploy/very-long-directory-name-very-long-directory-name-very-long-directory-name-very-long-directory-name-x";

  it("reads zip, GNU tar and PAX tar.gz with long names", () => {
    for (const name of ["clean.zip", "gnu.tar", "pax.tgz"]) {
      const result = readManifestFiles([archive(name)]);
      expect(result.findings).toEqual([]);
      expect(result.sources.map((s) => s.name)).toEqual([`${name}:deploy/a.yaml`, `${name}:${long}/b.yaml`]);
      expect(result.sources[1]?.text).toBe("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
    }
  });

  it("refuses their symlinks", () => {
    expect(refusal(readManifestFiles([archive("symlink.zip")]))).toBe(
      'symlink.zip: entry "deploy/passwd.yaml" is a link; links are refused',
    );
    expect(refusal(readManifestFiles([archive("gnu-symlink.tgz")]))).toBe(
      'gnu-symlink.tgz: entry "deploy/passwd.yaml" is a link; links are refused',
    );
  });
});
