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
const revokedKey = (sessionId: string) => `revoked:${sessionId}`;
const epochKey = (customerId: string) => `epoch:${customerId}`;

/** As long as any cookie issued before the record can live (the session cookie's lifetime). */
export const REVOCATION_TTL_SECONDS = 60 * 60 * 24 * 30;

function time(value: string | null): number {
  const n = value === null ? NaN : Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** True when this signed-in session was ended server-side; guests are never revoked. */
export async function isRevoked(env: Env, session: Session): Promise<boolean> {
  if (!session.customerId) return false;
  try {
    const [revokedAt, epoch] = await Promise.all([env.SESSIONS_KV.get(revokedKey(session.id)), env.SESSIONS_KV.get(epochKey(session.customerId))]);
    return (session.signedInAt ?? 0) <= Math.max(time(revokedAt), time(epoch));
  } catch (err) {
    // A KV outage must not sign every customer out (the cookie would be replaced by a guest's):
    // trust the signed cookie for this request, and say so.
    log("warn", "session revocation check unavailable", { error: err instanceof Error ? err.message : String(err) });
    return false;
  }
}

/** Ends every cookie of browser session `sessionId` signed in until now (sign-out). */
export async function revokeSession(env: Env, sessionId: string, now = Date.now()): Promise<void> {
  await env.SESSIONS_KV.put(revokedKey(sessionId), String(now), { expirationTtl: REVOCATION_TTL_SECONDS });
}

/** Ends every session of `customerId` signed in until now ("sign out everywhere", password change). */
export async function endAllSessions(env: Env, customerId: string, now = Date.now()): Promise<void> {
  await env.SESSIONS_KV.put(epochKey(customerId), String(now), { expirationTtl: REVOCATION_TTL_SECONDS });
}
