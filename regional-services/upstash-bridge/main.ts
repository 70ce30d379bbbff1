import { log } from "../../platform/log.ts";
import { loadEnv } from "../shared/env.ts";
import { startUpstashBridge } from "./server.ts";

/** `node regional-services/upstash-bridge/main.ts`: the local Upstash Redis REST endpoint. */
const env = loadEnv();
const bridge = await startUpstashBridge({
  port: env.UPSTASH_BRIDGE_PORT,
  host: env.HOST,
  token: env.UPSTASH_REDIS_REST_TOKEN,
  redisUrl: env.REDIS_URL,
});
log("info", "upstash bridge listening", { url: bridge.url, backend: bridge.backend });

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  log("info", "upstash bridge stopping", { signal });
  bridge.close().then(
    () => process.exit(0),
    (err: unknown) => {
      log("error", "upstash bridge failed to stop cleanly", { error: String(err) });
      process.exit(1);
    },
  );
};
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
