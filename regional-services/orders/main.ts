import { runServiceMain } from "../shared/run-main.ts";

/** `node regional-services/orders/main.ts`: the orders service as its own process. */
await runServiceMain("orders", () => import("./service.ts"));
