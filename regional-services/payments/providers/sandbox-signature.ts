import { hmacHex, timingSafeEqualHex } from "../../../platform/signing.ts";

/**
 * The sandbox signs each webhook delivery as card processors do: HMAC-SHA256 with the shared
 * webhook secret over `<timestamp>.<raw body>`, sent as `x-sandbox-signature: t=<ms>,v1=<hex>`.
 * The timestamp is inside the signed text, so an old delivery cannot be replayed with a new one.
 */
export const SANDBOX_SIGNATURE_HEADER = "x-sandbox-signature";

/** Deliveries older (or further in the future) than this are refused. */
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000;

export async function signWebhook(secret: string, rawBody: string, now = Date.now()): Promise<string> {
  return `t=${now},v1=${await hmacHex(secret, `${now}.${rawBody}`)}`;
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value) timestamp = Number(value);
    if (key === "v1" && value) signatures.push(value);
  }
  if (timestamp === undefined || !Number.isSafeInteger(timestamp) || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}

export async function verifyWebhookSignature(secret: string, rawBody: string, header: string | null, now = Date.now()): Promise<boolean> {
  const parsed = header ? parseHeader(header) : undefined;
  if (!parsed || Math.abs(now - parsed.timestamp) > WEBHOOK_TOLERANCE_MS) return false;
  const expected = await hmacHex(secret, `${parsed.timestamp}.${rawBody}`);
  // Several v1 values let a provider sign with an old and a new secret while rotating.
  return parsed.signatures.some((s) => timingSafeEqualHex(expected, s));
}
