import { promises as dns, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { describeClass, normalizeIp } from "./addresses";
import { type AddressVerdict, judgeAddress, type OutboundPolicy } from "./policy";
import { OutboundRefusal } from "./refusal";

/** Resolves a host name to every address it has, like dns.lookup with `all: true`. */
export type Resolver = (
  hostname: string,
  options: { family?: number | string | undefined; hints?: number | undefined },
) => Promise<readonly LookupAddress[]>;

const systemResolver: Resolver = (hostname, options) =>
  dns.lookup(hostname, {
    all: true,
    order: "verbatim",
    ...(options.family !== undefined ? { family: options.family as 0 | 4 | 6 } : {}),
    ...(options.hints !== undefined ? { hints: options.hints } : {}),
  });

/**
 * A `lookup` for net/tls/http(s) and undici connect options that resolves
 * the name and hands back only addresses the policy allows. It runs at the
 * moment of connecting, on the very answer that is dialled, so a DNS answer
 * that changes after some earlier check (rebinding) changes nothing.
 */
export function createGuardedLookup(
  policy: OutboundPolicy,
  options: { hint: string; resolve?: Resolver | undefined },
): LookupFunction {
  const resolve = options.resolve ?? systemResolver;
  return (hostname, lookupOptions, callback) => {
    resolve(hostname, { family: lookupOptions.family, hints: lookupOptions.hints }).then(
      (addresses) => {
        const judged = addresses.map((a) => {
          const ip = normalizeIp(a.address);
          // A resolver answers with IPs; anything else is not dialled.
          return { a, verdict: ip ? judgeAddress(policy, ip) : null };
        });
        const allowed = judged.filter((j) => j.verdict?.allowed).map((j) => j.a);
        const first = allowed[0];
        if (!first) {
          const refused = judged.find(
            (j): j is { a: LookupAddress; verdict: AddressVerdict & { allowed: false } } =>
              j.verdict !== null && !j.verdict.allowed,
          );
          const what = refused ? describeClass(refused.verdict.cls) : "no usable address";
          const error = new OutboundRefusal(
            "address",
            `${hostname.slice(0, 253)} resolves to ${what}; ${options.hint}`,
          );
          callback(error as NodeJS.ErrnoException, lookupOptions.all ? [] : "", 0);
          return;
        }
        if (lookupOptions.all)
          callback(
            null,
            allowed.map((a) => ({ address: a.address, family: a.family })),
          );
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, lookupOptions.all ? [] : "", 0),
    );
  };
}
