import { runServiceMain } from "../shared/run-main.ts";

/** `node regional-services/payments/main.ts`: the payments service as its own process. */
await runServiceMain("payments", () => import("./service.ts"));
