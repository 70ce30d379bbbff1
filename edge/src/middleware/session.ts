import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { jwtVerify, SignJWT } from "jose";
import { AppError } from "../../../platform/errors.ts";
import { DEV_SECRETS } from "../../../platform/dev-secrets.ts";
import type { EdgeEnv, Session } from "../types.ts";
import { isRevoked } from "./session-revocation.ts";

/**
 * Sessions are a signed cookie (HS256 JWT), verified at the edge with no origin round trip.
 * A missing, tampered or expired cookie is never trusted: the visitor gets a fresh guest session,
 * and so does a signed-in cookie whose session was ended server-side (session-revocation.ts).
 */
export const SESSION_COOKIE = "edgeshop_session";
const SESSION_TTL_SECONDS = 60 * 60 * 24 * 30;
const encoder = new TextEncoder();

/** Shorter than this, an HS256 key can be guessed offline from a single cookie. */
export const MIN_SESSION_SECRET_LENGTH = 32;

/**
 * The cookie-signing key. A missing secret must not silently become the string "undefined" (which
 * anyone could sign with), and production must not run on the published dev value. A secret
 * accepted once for an environment is kept (as its bytes), so a request does not check and
 * encode it again.
 */
const acceptedKeys = new Map<string, Uint8Array>();

export function secretKey(env: Env): Uint8Array {
  const secret: string | undefined = env.SESSION_SECRET;
  const accepted = acceptedKeys.get(`${env.ENVIRONMENT}\n${secret}`);
  if (accepted) return accepted;
  if (!secret || secret.length < MIN_SESSION_SECRET_LENGTH) {
    throw new AppError("MISCONFIGURED", `SESSION_SECRET must be set to at least ${MIN_SESSION_SECRET_LENGTH} characters`);
  }
  if (env.ENVIRONMENT === "production" && secret === DEV_SECRETS.SESSION_SECRET) {
    throw new AppError("MISCONFIGURED", "SESSION_SECRET is the published development value; set a real one");
  }
  const key = encoder.encode(secret);
  // One deployment has one environment and secret; tests switch between a few.
  if (acceptedKeys.size >= 16) acceptedKeys.clear();
  acceptedKeys.set(`${env.ENVIRONMENT}\n${secret}`, key);
  return key;
}

/**
 * Cookies this isolate has already verified, by their exact text: a returning shopper's every
 * page would otherwise pay for an HMAC check and a key import. Only a token verified with the
 * same secret is taken from here, and only until its `exp`; the map is emptied when full (the
 * shoppers of the moment come straight back). Revocation is checked per request all the same.
 */
const MAX_VERIFIED = 10_000;
const verified = new Map<string, { session: Session; secret: string; expiresAt: number }>();

async function readSession(c: Context<EdgeEnv>): Promise<Session | undefined> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return undefined;
  const key = secretKey(c.env);
  const known = verified.get(token);
  // A copy: the kept session is shared by every request that sends this cookie.
  if (known && known.secret === c.env.SESSION_SECRET && Date.now() < known.expiresAt) return { ...known.session };
  const checked = await verifySession(token, key);
  if (!checked) return undefined;
  if (verified.size >= MAX_VERIFIED) verified.clear();
  verified.set(token, { session: checked.session, secret: c.env.SESSION_SECRET, expiresAt: checked.expiresAt });
  return { ...checked.session };
}

async function verifySession(token: string, key: Uint8Array): Promise<{ session: Session; expiresAt: number } | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"] });
    if (typeof payload.sid !== "string") return undefined;
    // Every cookie this Worker issues has an exp; one without is trusted for this request only.
    const expiresAt = typeof payload.exp === "number" ? payload.exp * 1000 : 0;
    const session: Session = {
      id: payload.sid,
      customerId: typeof payload.cid === "string" ? payload.cid : undefined,
      email: typeof payload.email === "string" ? payload.email : undefined,
      name: typeof payload.name === "string" ? payload.name : undefined,
      // Cookies issued before `sat` existed fall back to their issue time (in whole seconds).
      signedInAt: typeof payload.sat === "number" ? payload.sat : (payload.iat ?? 0) * 1000,
    };
    return { session, expiresAt };
  } catch {
    return undefined;
  }
}

/** Issues (or re-issues, e.g. after sign-in) the session cookie and makes it this request's session. */
export async function writeSession(c: Context<EdgeEnv>, session: Session): Promise<void> {
  const claims: Record<string, string | number> = { sid: session.id };
  // `sat` (signed in at, ms) is what server-side sign-out compares against; iat has whole seconds.
  const signedInAt = session.customerId ? (session.signedInAt ?? Date.now()) : undefined;
  if (session.customerId) claims.cid = session.customerId;
  if (signedInAt !== undefined) claims.sat = signedInAt;
  if (session.email) claims.email = session.email;
  if (session.name) claims.name = session.name;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime(`${SESSION_TTL_SECONDS}s`)
    .sign(secretKey(c.env));
  const local = c.env.ENVIRONMENT === "development" || c.env.ENVIRONMENT === "test";
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: !local,
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  });
  c.set("session", { ...session, signedInAt });
}

/** A brand-new guest session (used on first visit and on sign-out). */
export function newGuestSession(): Session {
  return { id: crypto.randomUUID() };
}

export const session = (): MiddlewareHandler<EdgeEnv> => async (c, next) => {
  const existing = await readSession(c);
  if (existing && !(await isRevoked(c.env, existing))) c.set("session", existing);
  else await writeSession(c, newGuestSession());
  await next();
};

/** Guests keep a cart per session; a signed-in customer has one cart that follows them. */
export function cartIdFor(s: Session): string {
  return s.customerId ? `customer:${s.customerId}` : `guest:${s.id}`;
}
