import { runServiceMain } from "../shared/run-main.ts";
import { start } from "./service.ts";

/** `node regional-services/payments/main.ts`: the payments service as its own process. */
await runServiceMain("payments", start);
