import { lookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";
import { lookup as lookupCallback } from "node:dns";
import { classifyAddress, isLocalName } from "../../../domain/webhooks/address.ts";
import { AppError } from "../../../platform/errors.ts";

/**
 * Where a webhook may be sent (SSRF). In production (`allowPrivate` false) only public addresses:
 * checked when a URL is registered or changed, and again at every delivery, on the very addresses
 * the connection uses (`guardedLookup`), so a name that resolved to a public address at
 * registration and to 169.254.169.254 later (DNS rebinding) is refused at that delivery.
 */
export interface DestinationPolicy {
  allowPrivate: boolean;
}

/** Thrown when a destination is refused; a delivery that meets it fails without retrying. */
export class RefusedDestination extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RefusedDestination";
  }
}

/** The host as the URL parser normalised it, without IPv6 brackets. */
const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, "");

/** Why `address`, which `host` is or resolves to, may not be sent to; undefined when it may. */
function refusal(host: string, address: string): string | undefined {
  const kind = classifyAddress(address);
  if (kind === "public") return undefined;
  const what = host === address ? address : `${host} (${address})`;
  return `${what} is ${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind} address; webhooks go only to public addresses`;
}

/** The first refusal among the addresses `host` names now, or undefined when all are public. */
async function refusedHost(host: string): Promise<string | undefined> {
  const literal = refusedName(host);
  if (literal !== null) return literal;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return `${host} does not resolve to an address`;
  }
  for (const { address } of addresses) {
    const reason = refusal(host, address);
    if (reason) return reason;
  }
  return undefined;
}

/** Refuses a URL the policy does not allow with a 400 naming `url`, as a schema failure would. */
export async function checkDestination(url: string, policy: DestinationPolicy): Promise<void> {
  if (policy.allowPrivate) return;
  const reason = await refusedHost(hostOf(new URL(url)));
  if (reason) throw new AppError("VALIDATION_FAILED", `url: ${reason}`, { issues: [{ path: "url", message: reason }] });
}

/**
 * A `lookup` for node:http that refuses non-public answers: the check and the connection use the
 * same DNS answer, so there is no window for a rebinding between them. Node does not call it for
 * an IP literal; `refusedLiteral` covers those.
 */
export function guardedLookup(policy: DestinationPolicy): LookupFunction {
  return (hostname, options, callback) => {
    lookupCallback(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as unknown as { address: string; family: number }[];
      const reason = policy.allowPrivate ? undefined : list.map((a) => refusal(hostname, a.address)).find(Boolean);
      if (reason) return callback(new RefusedDestination(reason), "", 0);
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} does not resolve to an address`), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

/** The refusal for a URL whose host is an IP literal or `localhost` (which skip `guardedLookup`). */
export function refusedLiteral(url: URL, policy: DestinationPolicy): string | undefined {
  return policy.allowPrivate ? undefined : (refusedName(hostOf(url)) ?? undefined);
}

/** For `localhost` or an IP literal, the refusal or undefined; null for a name DNS must answer. */
function refusedName(host: string): string | undefined | null {
  if (isLocalName(host)) return `${host} is this machine; webhooks go only to public addresses`;
  return classifyAddress(host) === "not-an-ip" ? null : refusal(host, host);
}
