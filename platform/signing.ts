/**
 * Edge → region request signing: HMAC-SHA256 over method, path (with query), the body's SHA-256,
 * a timestamp and the Idempotency-Key header. Web Crypto only, so the Worker and the Node services
 * share this file.
 */
export const SIGNATURE_HEADER = "x-edgeshop-signature";
export const TIMESTAMP_HEADER = "x-edgeshop-timestamp";
export const REQUEST_ID_HEADER = "x-request-id";
/** Signed too: a captured request replayed under a fresh key would otherwise be a new checkout or payment. */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";
/**
 * Who on the merchant's staff (or which API token) an admin request is for, as the edge verified
 * it (contracts/admin/actor.ts). Signed too, so only the edge can say who is asking.
 */
export const ACTOR_HEADER = "x-edgeshop-actor";
/** A signed request older (or further in the future) than this is refused. */
export const MAX_SIGNATURE_AGE_MS = 60_000;

const encoder = new TextEncoder();

function toHex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function sha256Hex(body: string | Uint8Array): Promise<string> {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  return toHex(await crypto.subtle.digest("SHA-256", bytes));
}

/** Spelled this way because Node's types and the Workers types name the key class differently. */
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
const keyCache = new Map<string, Promise<HmacKey>>();

function hmacKey(secret: string): Promise<HmacKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

/**
 * Header values cannot hold a newline, so the key (empty when absent) cannot blur into another
 * part. The actor is appended only when there is one, so every request without it signs exactly
 * as before; with one, removing or changing it breaks the signature.
 */
export function canonicalString(method: string, pathWithQuery: string, bodyHash: string, timestamp: string, idempotencyKey = "", actor = ""): string {
  const base = `${method.toUpperCase()}\n${pathWithQuery}\n${bodyHash}\n${timestamp}\n${idempotencyKey}`;
  return actor === "" ? base : `${base}\n${actor}`;
}

export async function hmacHex(secret: string, message: string): Promise<string> {
  return toHex(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(message)));
}

/** Constant-time comparison of two hex strings of equal length. */
export function timingSafeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export interface SignedHeaders {
  [SIGNATURE_HEADER]: string;
  [TIMESTAMP_HEADER]: string;
}

export interface SignOptions {
  /** The request's Idempotency-Key header, if it sends one. */
  idempotencyKey?: string | undefined;
  /** The request's x-edgeshop-actor header, if it sends one. */
  actor?: string | undefined;
  now?: number;
}

/**
 * Services remember each signature of a write and refuse it a second time (replay protection), so
 * two identical requests signed in the same millisecond must not share one: without an explicit
 * clock, timestamps from this process only ever go up.
 */
let lastTimestamp = 0;
function uniqueNow(): number {
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  return lastTimestamp;
}

/** The headers that sign a request; `options` may be the clock alone, as older callers pass it. */
export async function signRequest(
  secret: string,
  method: string,
  pathWithQuery: string,
  body: string,
  options: number | SignOptions = {},
): Promise<SignedHeaders> {
  const { now = uniqueNow(), idempotencyKey = "", actor = "" } = typeof options === "number" ? { now: options } : options;
  const timestamp = String(now);
  const canonical = canonicalString(method, pathWithQuery, await sha256Hex(body), timestamp, idempotencyKey, actor);
  return { [SIGNATURE_HEADER]: await hmacHex(secret, canonical), [TIMESTAMP_HEADER]: timestamp };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** What a received request carries that the signature covers, beside method, path and body. */
export interface ReceivedSignature {
  signature: string | null | undefined;
  timestamp: string | null | undefined;
  idempotencyKey?: string | null | undefined;
  actor?: string | null | undefined;
}

export async function verifySignature(
  secret: string,
  method: string,
  pathWithQuery: string,
  body: string,
  received: ReceivedSignature,
  now = Date.now(),
): Promise<SignatureCheck> {
  const { signature, timestamp } = received;
  if (!signature || !timestamp) return { ok: false, reason: "request is not signed" };
  const ts = Number(timestamp);
  if (!Number.isSafeInteger(ts)) return { ok: false, reason: "signature timestamp is invalid" };
  if (Math.abs(now - ts) > MAX_SIGNATURE_AGE_MS) return { ok: false, reason: "signature has expired" };
  const bodyHash = await sha256Hex(body);
  const expected = await hmacHex(secret, canonicalString(method, pathWithQuery, bodyHash, timestamp, received.idempotencyKey ?? "", received.actor ?? ""));
  return timingSafeEqualHex(expected, signature) ? { ok: true } : { ok: false, reason: "signature does not match" };
}
