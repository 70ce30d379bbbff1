import { AppError } from "../../domain/errors.ts";
import { log } from "../../platform/log.ts";
import { MAX_SIGNATURE_AGE_MS } from "../../platform/signing.ts";
import type { Redis } from "./redis.ts";

/**
 * One use per signature for requests that change something. A signature stays valid for 60 s
 * either side of its timestamp, so without this a captured POST (a card tokenisation, a payment
 * confirmation) could be sent again and again inside that window. Each accepted signature of a
 * POST/PUT/PATCH/DELETE is remembered in Redis (SET NX) until its timestamp leaves the window;
 * a second use is refused like a bad signature. The edge and the services sign every attempt
 * afresh (platform/signed-fetch.ts), so a legitimate retry never carries a used signature.
 */
export interface ReplayGuard {
  redis: Redis;
  /** Names the service in the keys, e.g. "payments". */
  service: string;
  /**
   * When Redis cannot be asked: "refuse" answers 503 (payments: a replay could move money);
   * "allow" lets the request through and logs it (where every write is already idempotent by key).
   */
  whenUnavailable: "refuse" | "allow";
  /** Prefix of the keys, so tests sharing one Redis stay apart. */
  prefix?: string;
}

const GUARDED_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function needsReplayCheck(method: string): boolean {
  return GUARDED_METHODS.has(method.toUpperCase());
}

/** Throws 401 BAD_SIGNATURE when `signature` was used before; called after it verified. */
export async function refuseReplay(guard: ReplayGuard, signature: string, timestamp: number, now = Date.now()): Promise<void> {
  // Remembered until the timestamp is out of the window anyway, plus a second for clock jitter.
  const ttlMs = Math.max(1_000, timestamp + MAX_SIGNATURE_AGE_MS - now + 1_000);
  let first: boolean;
  try {
    first = (await guard.redis.set(`${guard.prefix ?? ""}replay:${guard.service}:${signature}`, "1", { nx: true, px: ttlMs })) !== null;
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    if (guard.whenUnavailable === "allow") {
      log("warn", "replay check skipped: Redis unavailable", { service: guard.service, error });
      return;
    }
    log("error", "request refused: replay check needs Redis", { service: guard.service, error });
    throw new AppError("SERVICE_UNAVAILABLE", 503, "the request cannot be checked for replay just now; retry shortly");
  }
  if (!first) throw new AppError("BAD_SIGNATURE", 401, "signature was already used (replayed); sign each request afresh");
}
