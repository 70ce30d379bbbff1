import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { loadEnv } from "../regional-services/shared/env.ts";

/** `npm run reset`: forget all local data (databases, carts, sessions); the next `npm run dev` re-seeds. */
const root = resolve(import.meta.dirname, "..");
for (const dir of [resolve(root, loadEnv().DATA_DIR), resolve(root, ".wrangler/state")]) {
  rmSync(dir, { recursive: true, force: true });
  console.log(`removed ${dir}`);
}
