import { BlockList, isIP } from "node:net";

/**
 * What kind of address an IP is, for deciding whether a user-influenced
 * request may dial it. Pure: no DNS, no sockets.
 */
export type AddressClass =
  | "public"
  | "cloud metadata"
  | "unspecified"
  | "loopback"
  | "private"
  | "link-local"
  | "carrier-grade NAT"
  | "multicast"
  | "reserved";

/** An IP in canonical text, with the IPv4 inside IPv4-mapped / NAT64 IPv6 unwrapped. */
export interface NormalizedIp {
  address: string;
  family: 4 | 6;
  /** Set when `address` was unwrapped from an IPv6 form, e.g. ::ffff:127.0.0.1. */
  unwrappedFrom?: string;
}

type Range = readonly [cidr: string, cls: Exclude<AddressClass, "public">];

// First match wins: the metadata hosts sit inside link-local, CGNAT or public space.
const v4Ranges: readonly Range[] = [
  ["169.254.169.254/32", "cloud metadata"], // AWS, GCP, Azure, OpenStack, DigitalOcean…
  ["169.254.170.2/32", "cloud metadata"], // AWS ECS task metadata
  ["100.100.100.200/32", "cloud metadata"], // Alibaba Cloud
  ["168.63.129.16/32", "cloud metadata"], // Azure WireServer (a public address, reachable only from inside Azure)
  ["0.0.0.0/8", "unspecified"], // 0.0.0.0 reaches this very host on Linux
  ["127.0.0.0/8", "loopback"],
  ["10.0.0.0/8", "private"],
  ["172.16.0.0/12", "private"],
  ["192.168.0.0/16", "private"],
  ["169.254.0.0/16", "link-local"],
  ["100.64.0.0/10", "carrier-grade NAT"],
  ["224.0.0.0/4", "multicast"],
  ["192.0.0.0/24", "reserved"], // IETF protocol assignments
  ["192.0.2.0/24", "reserved"], // documentation
  ["198.51.100.0/24", "reserved"], // documentation
  ["203.0.113.0/24", "reserved"], // documentation
  ["192.88.99.0/24", "reserved"], // 6to4 relay anycast
  ["198.18.0.0/15", "reserved"], // benchmarking
  ["240.0.0.0/4", "reserved"], // future use, and 255.255.255.255 broadcast
];

const v6Ranges: readonly Range[] = [
  ["fd00:ec2::254/128", "cloud metadata"], // AWS IMDS over IPv6
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["::/96", "reserved"], // deprecated IPv4-compatible addresses
  ["100::/64", "reserved"], // discard-only
  ["2001:db8::/32", "reserved"], // documentation
  ["64:ff9b:1::/48", "private"], // local-use NAT64
  ["fc00::/7", "private"], // unique local
  ["fec0::/10", "private"], // deprecated site-local
  ["fe80::/10", "link-local"],
  ["ff00::/8", "multicast"],
];

/** Prefixes whose last 32 bits are an IPv4 address that is what actually gets reached. */
const embeddingV4: readonly [prefix: string, name: string][] = [
  ["::ffff:0:0/96", "IPv4-mapped IPv6"],
  ["64:ff9b::/96", "NAT64"],
];

function rangeList(ranges: readonly Range[], family: "ipv4" | "ipv6") {
  return ranges.map(([cidr, cls]) => {
    const [net = "", prefix = ""] = cidr.split("/");
    const list = new BlockList();
    list.addSubnet(net, Number(prefix), family);
    return { list, cls };
  });
}

const v4Lists = rangeList(v4Ranges, "ipv4");
const v6Lists = rangeList(v6Ranges, "ipv6");
const embeddingLists = embeddingV4.map(([cidr, name]) => {
  const [net = "", prefix = ""] = cidr.split("/");
  const list = new BlockList();
  list.addSubnet(net, Number(prefix), "ipv6");
  return { list, name };
});

/** The 8 hextets of an IPv6 address (accepts :: and a dotted IPv4 tail). */
export function hextets(address: string): number[] {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split(".").map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part ? part.split(":").map((h) => Number.parseInt(h, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

/**
 * Canonical form of an IP literal as a host may spell it: brackets and an
 * IPv6 zone (`%eth0`) removed, IPv4 unwrapped from IPv4-mapped and NAT64
 * IPv6. Returns null when `text` is not an IP literal (a DNS name).
 * Odd IPv4 spellings (0x7f.1, 2130706433, 0177.0.0.1) are not literals
 * here: WHATWG URL turns them into dotted form before they reach us, and a
 * resolver returns dotted form.
 */
export function normalizeIp(text: string): NormalizedIp | null {
  let host = text.trim();
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  const zone = host.indexOf("%");
  if (zone !== -1) host = host.slice(0, zone);
  const family = isIP(host);
  if (family === 4) return { address: host, family: 4 };
  if (family !== 6) return null;
  const embedded = embeddingLists.find(({ list }) => list.check(host, "ipv6"));
  if (embedded) {
    const h = hextets(host);
    const hi = h[6] ?? 0;
    const lo = h[7] ?? 0;
    const v4 = [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
    return { address: v4, family: 4, unwrappedFrom: embedded.name };
  }
  return {
    address: hextets(host)
      .map((n) => n.toString(16))
      .join(":"),
    family: 6,
  };
}

const globalUnicastV6 = new BlockList();
globalUnicastV6.addSubnet("2000::", 3, "ipv6");

/** The class of a normalized IP; anything in no special range is "public". */
export function classifyIp(ip: NormalizedIp): AddressClass {
  const lists = ip.family === 4 ? v4Lists : v6Lists;
  const type = ip.family === 4 ? "ipv4" : "ipv6";
  const special = lists.find(({ list }) => list.check(ip.address, type))?.cls;
  if (special) return special;
  // Outside 2000::/3 nothing is allocated for public use.
  if (ip.family === 6 && !globalUnicastV6.check(ip.address, "ipv6")) return "reserved";
  return "public";
}

/** Article + class for messages: "a loopback address", "an unspecified address". */
export function describeClass(cls: AddressClass): string {
  return `${/^[aeiou]/.test(cls) ? "an" : "a"} ${cls} address`;
}
