import { log } from "../../platform/log.ts";
import { serviceEnv } from "../shared/env.ts";
import { start } from "./service.ts";

/** `node regional-services/orders/main.ts`: the orders service as its own process. */
const service = await start({ env: serviceEnv("orders") });
log("info", "orders service listening", { url: service.url });

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  log("info", "orders service stopping", { signal });
  service.close().then(
    () => process.exit(0),
    (err: unknown) => {
      log("error", "orders service failed to stop cleanly", { error: String(err) });
      process.exit(1);
    },
  );
};
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
