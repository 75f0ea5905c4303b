import { describe, expect, it } from "vitest";
import {
  type AddressClass,
  classifyIp,
  judgeAddress,
  normalizeIp,
  type OutboundPolicy,
  PUBLIC_ONLY,
  parseAllowedNetworks,
} from "../src/index";

const classOf = (host: string): AddressClass | "not an IP" => {
  const ip = normalizeIp(host);
  return ip ? classifyIp(ip) : "not an IP";
};

describe("classifyIp", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "cloud metadata"],
    ["169.254.170.2", "cloud metadata"],
    ["100.100.100.200", "cloud metadata"],
    ["168.63.129.16", "cloud metadata"],
    ["169.254.1.1", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["255.255.255.255", "reserved"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.10", "reserved"],
    ["198.18.0.1", "reserved"],
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["172.32.0.1", "public"],
    ["100.128.0.1", "public"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["fec0::1", "private"],
    ["ff02::1", "multicast"],
    ["fd00:ec2::254", "cloud metadata"],
    ["::127.0.0.1", "reserved"],
    ["2001:db8::1", "reserved"],
    ["4000::1", "reserved"],
    ["2606:4700:4700::1111", "public"],
    ["2a00:1450:4001:80b::200e", "public"],
  ] as const)("%s is %s", (host, expected) => {
    expect(classOf(host)).toBe(expected);
  });

  it.each([
    ["::ffff:127.0.0.1", "127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "127.0.0.1", "loopback"],
    ["[0:0:0:0:0:ffff:7f00:1]", "127.0.0.1", "loopback"],
    ["::ffff:169.254.169.254", "169.254.169.254", "cloud metadata"],
    ["::ffff:a00:1", "10.0.0.1", "private"],
    ["64:ff9b::a9fe:a9fe", "169.254.169.254", "cloud metadata"],
    ["64:ff9b::808:808", "8.8.8.8", "public"],
  ] as const)("unwraps the IPv4 inside %s (%s, %s)", (host, v4, expected) => {
    const ip = normalizeIp(host);
    expect(ip).toMatchObject({ address: v4, family: 4 });
    expect(ip?.unwrappedFrom).toBeDefined();
    expect(classOf(host)).toBe(expected);
  });

  it("treats DNS names as names, not as IPs", () => {
    for (const name of ["localhost", "metadata.google.internal", "127.0.0.1.nip.io", "example.com"]) {
      expect(normalizeIp(name)).toBeNull();
    }
  });
});

describe("odd IPv4 spellings reach the guard as dotted quads (WHATWG URL)", () => {
  it.each([
    ["https://0x7f.1/", "127.0.0.1"],
    ["https://0x7f000001/", "127.0.0.1"],
    ["https://2130706433/", "127.0.0.1"],
    ["https://0177.0.0.1/", "127.0.0.1"],
    ["https://127.1/", "127.0.0.1"],
    ["https://0x7f.0x0.0x0.0x1:6443/", "127.0.0.1"],
    ["https://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254"],
    ["https://2852039166/", "169.254.169.254"],
    ["https://0251.0376.0251.0376/", "169.254.169.254"],
    ["https://012.0.0.1/", "10.0.0.1"],
  ])("%s is %s", (url, dotted) => {
    const ip = normalizeIp(new URL(url).hostname);
    expect(ip?.address).toBe(dotted);
    expect(classifyIp(ip ?? { address: "", family: 4 })).not.toBe("public");
  });

  it("sees IPv4-mapped IPv6 in URLs, whatever the spelling", () => {
    for (const url of [
      "https://[::ffff:127.0.0.1]/",
      "https://[::ffff:7f00:0001]:6443/",
      "https://[::FFFF:127.0.0.1]/",
    ]) {
      expect(classOf(new URL(url).hostname)).toBe("loopback");
    }
  });
});

describe("parseAllowedNetworks", () => {
  it("reads CIDRs and single hosts, separated by commas or spaces", () => {
    const networks = parseAllowedNetworks("127.0.0.1/32, 10.0.0.0/8  fd00::/8,192.168.1.7");
    expect(networks.cidrs).toEqual(["127.0.0.1/32", "10.0.0.0/8", "fd00::/8", "192.168.1.7/32"]);
    const has = (host: string) => networks.contains(normalizeIp(host) ?? { address: "", family: 4 });
    expect(has("127.0.0.1")).toBe(true);
    expect(has("::ffff:127.0.0.1")).toBe(true);
    expect(has("127.0.0.2")).toBe(false);
    expect(has("10.200.3.4")).toBe(true);
    expect(has("fd12::1")).toBe(true);
    expect(has("192.168.1.7")).toBe(true);
    expect(has("192.168.1.8")).toBe(false);
    expect(parseAllowedNetworks("").cidrs).toEqual([]);
  });

  it("reads an IPv4-mapped IPv6 network as the IPv4 network it is", () => {
    expect(parseAllowedNetworks("::ffff:10.0.0.0/104").cidrs).toEqual(["10.0.0.0/8"]);
  });

  it.each([
    ["10.0.0.1/8", /"10\.0\.0\.1\/8" has bits set after the \/8 prefix/],
    ["10.0.0.0/33", /has a prefix length over 32/],
    ["::/129", /has a prefix length over 128/],
    ["10.0.0.0/x", /prefix length that is not a number/],
    ["10.0.0.0/8/9", /is not a CIDR/],
    ["intranet", /is not an IP network/],
    ["0x7f.1/32", /is not an IP network/],
    ["[::1]/128", /is not an IP network/],
    ["::ffff:0.0.0.0/95", /write it as IPv4/],
  ])("refuses %s, naming it", (entry, message) => {
    expect(() => parseAllowedNetworks(entry)).toThrow(message);
  });
});

describe("judgeAddress", () => {
  const ip = (host: string) => normalizeIp(host) ?? { address: "", family: 4 as const };

  it("allows public addresses only by default, naming the class it refuses", () => {
    expect(judgeAddress(PUBLIC_ONLY, ip("8.8.8.8")).allowed).toBe(true);
    expect(judgeAddress(PUBLIC_ONLY, ip("127.0.0.1"))).toMatchObject({ allowed: false, cls: "loopback" });
    expect(judgeAddress(PUBLIC_ONLY, ip("::ffff:169.254.169.254"))).toMatchObject({
      allowed: false,
      cls: "cloud metadata",
    });
  });

  it("lets an operator allow exactly the networks they name", () => {
    const policy: OutboundPolicy = { ...PUBLIC_ONLY, allowedNetworks: parseAllowedNetworks("127.0.0.1/32") };
    expect(judgeAddress(policy, ip("127.0.0.1")).allowed).toBe(true);
    expect(judgeAddress(policy, ip("::ffff:127.0.0.1")).allowed).toBe(true);
    expect(judgeAddress(policy, ip("127.0.0.2")).allowed).toBe(false);
    expect(judgeAddress(policy, ip("::1")).allowed).toBe(false);
    expect(judgeAddress(policy, ip("169.254.169.254")).allowed).toBe(false);
    expect(judgeAddress(policy, ip("8.8.8.8")).allowed).toBe(true);
  });
});
