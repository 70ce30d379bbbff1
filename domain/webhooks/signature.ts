/**
 * Webhook signatures, Stripe-style: `Edgeshop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`,
 * where the HMAC is keyed with the endpoint's secret over `"<t>.<raw body>"`. The timestamp inside
 * the signed text lets a receiver refuse an old delivery replayed by someone who captured it.
 *
 * `verifyEdgeshopSignature` is what a merchant's receiver runs; this file has no imports, so it can
 * be copied as it is into any runtime with Web Crypto (Node 18+, Deno, Workers, browsers).
 */
export const SIGNATURE_HEADER_NAME = "Edgeshop-Signature";
export const EVENT_ID_HEADER_NAME = "Edgeshop-Event-Id";

const encoder = new TextEncoder();

async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares in time independent of where the strings differ, so timing leaks nothing. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The header value for `body` sent at `timestampSeconds`. */
export async function signatureHeader(secret: string, body: string, timestampSeconds: number): Promise<string> {
  const t = Math.floor(timestampSeconds);
  return `t=${t},v1=${await hmacSha256Hex(secret, `${t}.${body}`)}`;
}

export type SignatureVerdict = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * Checks a received `Edgeshop-Signature` against the raw body (exactly the bytes received, before
 * any JSON parsing). Any one `v1` may match: during a secret rotation a sender may list several.
 * `toleranceSeconds` bounds how old (or how far in the future) `t` may be.
 */
export async function verifyEdgeshopSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  toleranceSeconds = 300,
  nowSeconds = Date.now() / 1000,
): Promise<SignatureVerdict> {
  if (!header) return { ok: false, reason: "no signature header" };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value !== undefined && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && value !== undefined) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined) return { ok: false, reason: "the header has no timestamp (t=)" };
  if (signatures.length === 0) return { ok: false, reason: "the header has no v1 signature" };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: "the timestamp is outside the tolerance" };
  const expected = await hmacSha256Hex(secret, `${timestamp}.${body}`);
  return signatures.some((s) => constantTimeEqual(s, expected)) ? { ok: true, timestamp } : { ok: false, reason: "no v1 signature matches" };
}
