/**
 * What kind of address a webhook destination is, so that deliveries never reach into our own
 * network (server-side request forgery: the cloud metadata service at 169.254.169.254, a database
 * on 10.x, the service itself on 127.0.0.1). Only `public` addresses may receive webhooks in
 * production. Hosts are classified as the URL parser leaves them (it already turns `2130706433`
 * and `0177.0.0.1` into `127.0.0.1`); the IPv4 parser here accepts those forms too, for addresses
 * that come from elsewhere, such as DNS answers.
 */
export type AddressKind =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "unique-local"
  | "unspecified"
  | "multicast"
  | "reserved"
  | "not-an-ip";

/** Parses IPv4 as inet_aton does: 1 to 4 parts, each decimal, octal (0…) or hex (0x…). */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length < 1 || parts.length > 4) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0x[0-9a-f]*$/i.test(part)) value = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
    else if (/^0[0-7]+$/.test(part)) value = parseInt(part, 8);
    else if (/^(0|[1-9]\d*)$/.test(part)) value = Number(part);
    else return undefined;
    values.push(value);
  }
  const last = values.pop() ?? 0;
  if (values.some((v) => v > 255) || last >= 2 ** (8 * (4 - values.length))) return undefined;
  return values.reduce((acc, v, i) => acc + v * 2 ** (8 * (3 - i)), 0) + last;
}

const inV4 = (ip: number, base: string, bits: number) => {
  const start = parseIPv4(base) ?? 0;
  const size = 2 ** (32 - bits);
  return ip >= start && ip < start + size;
};

function classifyIPv4(ip: number): AddressKind {
  if (inV4(ip, "0.0.0.0", 8)) return "unspecified";
  if (inV4(ip, "127.0.0.0", 8)) return "loopback";
  if (inV4(ip, "10.0.0.0", 8) || inV4(ip, "172.16.0.0", 12) || inV4(ip, "192.168.0.0", 16)) return "private";
  // Carrier-grade NAT space: not on the internet, often a provider's internal network.
  if (inV4(ip, "100.64.0.0", 10)) return "private";
  if (inV4(ip, "169.254.0.0", 16)) return "link-local";
  if (inV4(ip, "224.0.0.0", 4)) return "multicast";
  if (inV4(ip, "240.0.0.0", 4) || inV4(ip, "192.0.0.0", 24) || inV4(ip, "198.18.0.0", 15)) return "reserved";
  return "public";
}

/** The eight 16-bit groups of an IPv6 address (brackets and a zone allowed), or undefined. */
export function parseIPv6(text: string): number[] | undefined {
  const bare = text.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!bare.includes(":")) return undefined;
  const halves = bare.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): number[] | undefined => {
    if (half === "") return [];
    const out: number[] = [];
    const pieces = half.split(":");
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = /^\d+\.\d+\.\d+\.\d+$/.test(piece) ? parseIPv4(piece) : undefined;
        if (v4 === undefined) return undefined;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) out.push(parseInt(piece, 16));
      else return undefined;
    }
    return out;
  };
  const head = groupsOf(halves[0] ?? "");
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? "") : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing < 1 ? undefined : [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function classifyIPv6(g: number[]): AddressKind {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  const embedded = g6 * 65536 + g7;
  if (upperZero && g5 === 0 && g6 === 0 && g7 === 0) return "unspecified";
  if (upperZero && g5 === 0 && g6 === 0 && g7 === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address inside.
  if (upperZero && g5 === 0xffff) return classifyIPv4(embedded);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classifyIPv4(embedded);
  // IPv4-compatible (::a.b.c.d), deprecated but still parsed by some stacks.
  if (upperZero && g5 === 0) return classifyIPv4(embedded);
  if ((g0 & 0xfe00) === 0xfc00) return "unique-local";
  if ((g0 & 0xffc0) === 0xfe80) return "link-local";
  if ((g0 & 0xff00) === 0xff00) return "multicast";
  return "public";
}

/** The kind of an IP address literal (v4 in any inet_aton form, v6 with or without brackets). */
export function classifyAddress(text: string): AddressKind {
  const v6 = parseIPv6(text);
  if (v6) return classifyIPv6(v6);
  const v4 = parseIPv4(text);
  return v4 === undefined ? "not-an-ip" : classifyIPv4(v4);
}

/** Names that always mean this machine, whatever DNS says (RFC 6761 reserves `localhost`). */
export function isLocalName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}
