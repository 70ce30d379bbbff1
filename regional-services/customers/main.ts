import { runServiceMain } from "../shared/run-main.ts";
import { start } from "./service.ts";

/** `node regional-services/customers/main.ts`: the customers service as its own process. */
await runServiceMain("customers", start);
