import { log } from "../../../platform/log.ts";
import type { Session } from "../types.ts";

/**
 * Server-side end of signed-in sessions. The session cookie is a stateless JWT valid for 30
 * days, so signing out only in the browser would leave a captured cookie working. Two records in
 * SESSIONS_KV end sessions early, each a time in ms; a signed-in session is dead when it signed in
 * at or before either:
 *   revoked:<sessionId>   written at sign-out: that browser session (every cookie it was issued);
 *   epoch:<customerId>    written by "sign out everywhere" (and the hook for a password change):
 *                         every session of the customer signed in until then.
 * A later sign-in carries a later time, so it works again even on the same session id.
 *
 * Cost: two KV reads, in parallel, on requests of signed-in sessions only (guests carry no
 * account, so nothing to revoke); KV reads are served from the Cloudflare location itself, no
 * origin round trip. Staleness: KV is eventually consistent. A write is seen at once in the
 * location that made it (where the shopper pressed "sign out"), but another location may keep
 * answering from its cached read (including a cached "no record") for up to about a minute.
 * So a cookie replayed from elsewhere can outlive sign-out by up to ~60 s. We accept that: the
 * cookie is HttpOnly and Secure, the window is bounded and short next to the 30 days it replaces,
 * and a strongly consistent check (the customer's Durable Object) would put a cross-region RPC
 * on every signed-in request.
 */
export interface RevocationKeys {
  revoked(sessionId: string): string;
  epoch(subjectId: string): string;
}
const SHOPPER_KEYS: RevocationKeys = { revoked: (sessionId) => `revoked:${sessionId}`, epoch: (customerId) => `epoch:${customerId}` };
/** The admin's staff sessions (edge/src/admin/session.ts): the same two records under keys of their own. */
export const STAFF_KEYS: RevocationKeys = { revoked: (sessionId) => `staff-revoked:${sessionId}`, epoch: (staffId) => `staff-epoch:${staffId}` };

/** As long as any cookie issued before the record can live (the session cookie's lifetime). */
export const REVOCATION_TTL_SECONDS = 60 * 60 * 24 * 30;

function time(value: string | null): number {
  const n = value === null ? NaN : Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** True when this signed-in session was ended server-side; guests are never revoked. */
export async function isRevoked(env: Env, session: Session): Promise<boolean> {
  if (!session.customerId) return false;
  return wasEnded(env, SHOPPER_KEYS, session.id, session.customerId, session.signedInAt ?? 0);
}

/** True when the session `sessionId` of `subjectId`, signed in at `signedInAt`, was ended by either record. */
export async function wasEnded(env: Env, keys: RevocationKeys, sessionId: string, subjectId: string, signedInAt: number): Promise<boolean> {
  try {
    const [revokedAt, epoch] = await Promise.all([env.SESSIONS_KV.get(keys.revoked(sessionId)), env.SESSIONS_KV.get(keys.epoch(subjectId))]);
    return signedInAt <= Math.max(time(revokedAt), time(epoch));
  } catch (err) {
    // A KV outage must not sign every customer out (the cookie would be replaced by a guest's):
    // trust the signed cookie for this request, and say so.
    log("warn", "session revocation check unavailable", { error: err instanceof Error ? err.message : String(err) });
    return false;
  }
}

/** Ends every cookie of browser session `sessionId` signed in until now (sign-out). */
export async function revokeSession(env: Env, sessionId: string, now = Date.now(), keys = SHOPPER_KEYS): Promise<void> {
  await env.SESSIONS_KV.put(keys.revoked(sessionId), String(now), { expirationTtl: REVOCATION_TTL_SECONDS });
}

/** Ends every session of `customerId` signed in until now ("sign out everywhere", password change). */
export async function endAllSessions(env: Env, customerId: string, now = Date.now(), keys = SHOPPER_KEYS): Promise<void> {
  await env.SESSIONS_KV.put(keys.epoch(customerId), String(now), { expirationTtl: REVOCATION_TTL_SECONDS });
}
