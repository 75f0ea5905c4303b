import { BlockList } from "node:net";
import { AppError } from "@clustercord/contracts";
import { hextets, type NormalizedIp, normalizeIp } from "./addresses";

/**
 * Networks an operator allows although they are not public (their own
 * clusters on 10.0.0.0/8, the local control plane on 127.0.0.1/32…).
 */
export interface AllowedNetworks {
  /** Canonical CIDRs, for showing the operator what is in force. */
  readonly cidrs: readonly string[];
  contains(ip: NormalizedIp): boolean;
}

const invalid = (entry: string, why: string) =>
  new AppError("BAD_REQUEST", {
    userMessage: `${JSON.stringify(entry.slice(0, 60))} ${why}`,
  });

/** Bits of an address, most significant first. */
function bits(ip: NormalizedIp): string {
  const words =
    ip.family === 4
      ? ip.address.split(".").map((n) => Number(n).toString(2).padStart(8, "0"))
      : hextets(ip.address).map((n) => n.toString(2).padStart(16, "0"));
  return words.join("");
}

function parseEntry(entry: string): { ip: NormalizedIp; prefix: number } {
  const [address = "", prefixText, extra] = entry.split("/");
  if (extra !== undefined) throw invalid(entry, "is not a CIDR such as 10.0.0.0/8");
  const literal = normalizeIp(address);
  // Brackets and zones have no place in a CIDR; the weird spellings URL accepts are not accepted here.
  if (!literal || address.includes("[") || address.includes("%")) {
    throw invalid(entry, "is not an IP network such as 10.0.0.0/8 or fd00::/8");
  }
  const width = address.includes(":") ? 128 : 32;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) {
    throw invalid(entry, `has a prefix length that is not a number from 0 to ${width}`);
  }
  let prefix = prefixText === undefined ? width : Number(prefixText);
  if (prefix > width) throw invalid(entry, `has a prefix length over ${width}`);
  if (literal.unwrappedFrom) {
    // ::ffff:10.0.0.0/104 means 10.0.0.0/8: the guard compares unwrapped IPv4.
    if (prefix < 96)
      throw invalid(entry, `covers more than ${literal.unwrappedFrom} addresses; write it as IPv4`);
    prefix -= 96;
  }
  const hostBits = bits(literal).slice(prefix);
  if (hostBits.includes("1")) {
    throw invalid(
      entry,
      `has bits set after the /${prefix} prefix; write the network address (or /${literal.family === 4 ? 32 : 128} for one host)`,
    );
  }
  return { ip: literal, prefix };
}

/**
 * Parses a comma- or whitespace-separated list of CIDRs (a bare IP means that
 * one host). Throws AppError BAD_REQUEST naming the first bad entry.
 */
export function parseAllowedNetworks(spec: string | readonly string[]): AllowedNetworks {
  const entries = (typeof spec === "string" ? spec.split(/[\s,]+/) : spec)
    .map((e) => e.trim())
    .filter(Boolean);
  const list = new BlockList();
  const cidrs: string[] = [];
  for (const entry of entries) {
    const { ip, prefix } = parseEntry(entry);
    list.addSubnet(ip.address, prefix, ip.family === 4 ? "ipv4" : "ipv6");
    cidrs.push(`${ip.family === 4 ? ip.address : normalizeIpv6Text(entry)}/${prefix}`);
  }
  return {
    cidrs,
    contains: (ip) => list.check(ip.address, ip.family === 4 ? "ipv4" : "ipv6"),
  };
}

/** The address part of an IPv6 entry as the operator wrote it, lower-cased. */
const normalizeIpv6Text = (entry: string) => (entry.split("/")[0] ?? "").toLowerCase();

/** No network allowed beyond public addresses: the default. */
export const NO_PRIVATE_NETWORKS: AllowedNetworks = parseAllowedNetworks([]);
