import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { jwtVerify, SignJWT } from "jose";
import { roleSchema, type StaffActor } from "../../../contracts/admin/actor.ts";
import type { Staff } from "../../../contracts/admin/api.ts";
import { secretKey } from "../middleware/session.ts";
import { AppError } from "../../../platform/errors.ts";
import { log } from "../../../platform/log.ts";
import { endAllSessions, revokeSession, STAFF_KEYS, wasEnded } from "../middleware/session-revocation.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The admin's own session: a signed cookie (HS256 JWT, like the shopper's, verified at the edge
 * with no origin round trip) apart from the shopper's in every way that matters:
 * - its own name and path (`edgeshop_admin`, `/admin`), so the storefront never receives it;
 * - its own audience, so a shopper's cookie can never pass for it;
 * - SameSite=Strict: no link from elsewhere arrives signed in to the back office;
 * - an idle timeout: the token lives IDLE_SECONDS and is re-issued as the member works, up to
 *   MAX_SECONDS after sign-in, when they must sign in again;
 * - sign-out and "sign out everywhere" through SESSIONS_KV (session-revocation.ts, STAFF_KEYS),
 *   also written when an owner changes a member's role or disables them.
 */
export const ADMIN_COOKIE = "edgeshop_admin";
const AUDIENCE = "edgeshop-admin";
export const IDLE_SECONDS = 30 * 60;
export const MAX_SECONDS = 12 * 60 * 60;
/** Re-issued at most this often, so a busy page does not set a cookie on every request. */
const REFRESH_AFTER_SECONDS = 60;

export interface AdminSession {
  id: string;
  staffId: string;
  email: string;
  role: Staff["role"];
  /** When the member signed in (ms): what sign-out records compare against. */
  signedInAt: number;
}

export function actorOfSession(s: AdminSession): StaffActor {
  return { kind: "staff", id: s.staffId, email: s.email, role: s.role };
}

export async function writeAdminSession(c: Context<EdgeEnv>, s: AdminSession): Promise<void> {
  const token = await new SignJWT({ sid: s.id, stf: s.staffId, email: s.email, role: s.role, sat: s.signedInAt })
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${IDLE_SECONDS}s`)
    .sign(secretKey(c.env));
  const local = c.env.ENVIRONMENT === "development" || c.env.ENVIRONMENT === "test";
  setCookie(c, ADMIN_COOKIE, token, { httpOnly: true, sameSite: "Strict", secure: !local, path: "/admin", maxAge: IDLE_SECONDS });
}

export function clearAdminSession(c: Context<EdgeEnv>): void {
  deleteCookie(c, ADMIN_COOKIE, { path: "/admin" });
}

/** A new session for a member who just signed in. */
export function newAdminSession(staff: Staff): AdminSession {
  return { id: crypto.randomUUID(), staffId: staff.id, email: staff.email, role: staff.role, signedInAt: Date.now() };
}

/**
 * The request's admin session, or undefined: no cookie, a tampered or idle-expired one, one past
 * its maximum age, or one ended server-side. A live one is re-issued (sliding the idle timeout).
 */
export async function readAdminSession(c: Context<EdgeEnv>): Promise<AdminSession | undefined> {
  const token = getCookie(c, ADMIN_COOKIE);
  if (!token) return undefined;
  let payload;
  try {
    ({ payload } = await jwtVerify(token, secretKey(c.env), { algorithms: ["HS256"], audience: AUDIENCE }));
  } catch {
    return undefined;
  }
  const role = roleSchema.safeParse(payload.role);
  const { sid, stf, email, sat } = payload;
  if (typeof sid !== "string" || typeof stf !== "string" || typeof email !== "string" || typeof sat !== "number" || !role.success) return undefined;
  const session: AdminSession = { id: sid, staffId: stf, email, role: role.data, signedInAt: sat };
  const now = Date.now();
  if (now - sat > MAX_SECONDS * 1000) return undefined;
  if (await wasEnded(c.env, STAFF_KEYS, sid, stf, sat)) return undefined;
  if (typeof payload.iat === "number" && now / 1000 - payload.iat > REFRESH_AFTER_SECONDS) await writeAdminSession(c, session);
  return session;
}

/**
 * Sign-out: this session's cookie stops working wherever it was copied to. The browser is
 * signed out even when the record cannot be written (logged, not shown).
 */
export async function signOutAdmin(c: Context<EdgeEnv>): Promise<void> {
  const session = await readAdminSession(c);
  if (session) {
    try {
      await revokeSession(c.env, session.id, Date.now(), STAFF_KEYS);
    } catch (err) {
      log("error", "admin session not revoked at sign-out", { requestId: c.get("requestId"), staffId: session.staffId, error: String(err) });
    }
  }
  clearAdminSession(c);
}

/** Every session of `staffId` ends, this one included; 503 (nothing ended) when that cannot be recorded. */
export async function signOutAdminEverywhere(c: Context<EdgeEnv>, staffId: string): Promise<void> {
  try {
    await endAllSessions(c.env, staffId, Date.now(), STAFF_KEYS);
  } catch (err) {
    log("error", "admin sessions not ended", { requestId: c.get("requestId"), staffId, error: String(err) });
    throw new AppError("SERVICE_UNAVAILABLE", "could not sign out your other devices just now; try again shortly");
  }
  clearAdminSession(c);
}
