import { runServiceMain } from "../shared/run-main.ts";

/** `node regional-services/catalog/main.ts`: the catalog service as its own process. */
await runServiceMain("catalog", () => import("./service.ts"));
