import { log } from "../../platform/log.ts";
import { serviceEnv } from "../shared/env.ts";
import { start } from "./service.ts";

/** `node regional-services/catalog/main.ts`: the catalog service as its own process. */
const service = await start({ env: serviceEnv("catalog") });
log("info", "catalog service listening", { url: service.url });

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  log("info", "catalog service stopping", { signal });
  service.close().then(
    () => process.exit(0),
    (err: unknown) => {
      log("error", "catalog service failed to stop cleanly", { error: String(err) });
      process.exit(1);
    },
  );
};
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
