import { AppError } from "../../platform/errors.ts";
import { log } from "../../platform/log.ts";

/**
 * Runs one provider call. Its own 4xx answers pass through; anything else (a timeout, a dropped
 * connection) becomes a 502 telling the caller that retrying is safe, because every provider call
 * is idempotent and the payment stays where it was.
 */
export async function callProvider<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof AppError && err.status < 500) throw err;
    log("warn", "payment provider call failed", { service: "payments", call: what, error: err instanceof Error ? err.message : String(err) });
    throw new AppError("PROVIDER_UNAVAILABLE", "the payment provider did not answer; retrying the same request is safe");
  }
}
