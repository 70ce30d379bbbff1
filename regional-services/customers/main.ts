import { runServiceMain } from "../shared/run-main.ts";

/** `node regional-services/customers/main.ts`: the customers service as its own process. */
await runServiceMain("customers", () => import("./service.ts"));
