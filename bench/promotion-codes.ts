import { createPromotion } from "../regional-services/catalog/promotions.ts";
import { generateCodes } from "../regional-services/catalog/promotion-codes.ts";
import { openCatalogDatabase } from "../regional-services/catalog/db.ts";
import { createScratchDatabase } from "../regional-services/shared/testing.ts";

/**
 * `node bench/promotion-codes.ts`: how long the catalog takes to generate single-use codes (one
 * transaction: crypto-random codes, batched inserts, `promotion.codes_generated` events of 1,000)
 * on a scratch database of the real Postgres (TEST_POSTGRES_URL), through the Neon driver.
 */
const COUNTS = (process.env.BENCH_CODE_COUNTS ?? "1000,10000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const scratch = await createScratchDatabase("bench_codes");
const handle = await openCatalogDatabase({ url: scratch.url, dataDir: "", migrate: true });
try {
  const rows: { count: number; bestMs: number; medianMs: number }[] = [];
  for (const count of COUNTS) {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const promotion = await createPromotion(handle.db, {
        name: `bench ${count}`,
        description: "",
        status: "active",
        activation: "code",
        codes: [],
        target: "order",
        effect: { kind: "percentage", basisPoints: 1000 },
        conditions: {},
        limits: {},
        combination: { combinable: true, combinesWith: ["order"], priority: 0 },
        startsAt: null,
        endsAt: null,
      });
      const started = performance.now();
      const { codes } = await generateCodes(handle.db, promotion.id, { count, prefix: "BENCH" });
      times.push(performance.now() - started);
      if (codes.length !== count) throw new Error(`asked for ${count} codes, got ${codes.length}`);
    }
    times.sort((a, b) => a - b);
    rows.push({ count, bestMs: Math.round(times[0] ?? 0), medianMs: Math.round(times[Math.floor(times.length / 2)] ?? 0) });
  }
  console.table(rows);
} finally {
  await handle.close();
  await scratch.drop();
}
// The local WebSocket-to-TCP proxy the Neon driver uses stays open for the process's lifetime.
process.exit(0);
