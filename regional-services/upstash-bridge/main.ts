import { log } from "../../platform/log.ts";
import { loadEnv } from "../shared/env.ts";
import { idleMemoryRelease } from "../shared/idle-memory.ts";
import { closeOnSignals } from "../shared/run-main.ts";
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
closeOnSignals("upstash bridge", bridge);
// As the services do (lifecycle.ts): what start-up left resident goes back once it is idle.
idleMemoryRelease().start();
