import type { MiddlewareHandler } from "hono";
import { setLogLevel, type LogLevel } from "../../../platform/log.ts";
import type { EdgeEnv } from "../types.ts";

const LEVELS: readonly string[] = ["debug", "info", "warn", "error"] satisfies LogLevel[];

/**
 * The Worker has no start-up hook that sees its bindings, so each request applies LOG_LEVEL (a
 * value it does not know leaves the level as it is). Durable Objects share the isolate's module
 * state, so their lines follow the same setting.
 */
export const logLevel = (): MiddlewareHandler<EdgeEnv> => async (c, next) => {
  const wanted = c.env.LOG_LEVEL;
  if (LEVELS.includes(wanted)) setLogLevel(wanted as LogLevel);
  await next();
};
