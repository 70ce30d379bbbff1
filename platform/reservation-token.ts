import { z } from "zod";
import { reservationMessage, type ReservationClaims } from "../domain/flash-sale.ts";
import { CURRENCIES } from "../domain/money.ts";
import { hmacHex, timingSafeEqualHex } from "./signing.ts";

/**
 * A flash-sale reservation as a token the edge signs with its signing secret, so the orders
 * service can trust the reservation without calling the StockObject: base64url of the claims,
 * a dot, and the HMAC-SHA256 (hex) of reservationMessage(claims). Web Crypto only (Worker and Node).
 */
const claimsSchema = z.object({
  reservationId: z.string().min(1).max(100),
  saleId: z.string().min(1).max(100),
  variantId: z.string().min(1).max(200),
  quantity: z.number().int().min(1),
  buyerKey: z.string().min(1).max(200),
  currency: z.enum(CURRENCIES),
  unitPrice: z.number().int().min(0),
  expiresAt: z.number().int(),
});

const DOMAIN = "flash-sale-reservation";

function toBase64Url(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text))).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
}

export async function signReservation(secret: string, claims: ReservationClaims): Promise<string> {
  return `${toBase64Url(JSON.stringify(claims))}.${await hmacHex(`${DOMAIN}:${secret}`, reservationMessage(claims))}`;
}

export type ReservationCheck = { ok: true; claims: ReservationClaims } | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

/** The claims, if one of `secrets` signed them and they have not expired at `now`. */
export async function verifyReservation(secrets: readonly string[], token: string, now = Date.now()): Promise<ReservationCheck> {
  const [body, signature, ...rest] = token.split(".");
  if (!body || !signature || rest.length > 0) return { ok: false, reason: "malformed" };
  let claims: ReservationClaims;
  try {
    const parsed = claimsSchema.safeParse(JSON.parse(fromBase64Url(body)));
    if (!parsed.success) return { ok: false, reason: "malformed" };
    claims = parsed.data;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const message = reservationMessage(claims);
  let signed = false;
  for (const secret of secrets) signed ||= timingSafeEqualHex(await hmacHex(`${DOMAIN}:${secret}`, message), signature);
  if (!signed) return { ok: false, reason: "bad_signature" };
  return now < claims.expiresAt ? { ok: true, claims } : { ok: false, reason: "expired" };
}
