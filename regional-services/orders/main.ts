import { runServiceMain } from "../shared/run-main.ts";
import { start } from "./service.ts";

/** `node regional-services/orders/main.ts`: the orders service as its own process. */
await runServiceMain("orders", start);
