import { evaluatePromotions } from "../domain/promotions/engine.ts";
import { input, line, promotion } from "../domain/promotions/fixtures.ts";
import type { PromotionDefinition } from "../domain/promotions/model.ts";
import { BenchSummary } from "./lib/summary.ts";

/**
 * `npm run bench:engine`: the promotion engine on a 20-line cart with 10 active promotions of
 * mixed kinds (some exclusive, some combining, two entered by code). It runs on every cart view,
 * so its budget is microseconds. Prints evaluations per second and µs per evaluation.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

const categories = [["apparel", "tops"], ["apparel", "bottoms"], ["home", "kitchen"], ["stationery"]];
const lines = Array.from({ length: 20 }, (_, i) =>
  line(`line_${String(i).padStart(2, "0")}`, 500 + ((i * 737) % 4000), 1 + (i % 4), {
    productId: `prod_${i % 7}`,
    categorySlugs: categories[i % categories.length] ?? [],
  }),
);

const definitions: PromotionDefinition[] = [
  promotion({ id: "pct-order", effect: { kind: "percentage", basisPoints: 1000 }, combination: { priority: 5 } }),
  promotion({ id: "apparel-20", target: "product", conditions: { categorySlugs: ["apparel"] }, effect: { kind: "percentage", basisPoints: 2000 }, combination: { combinesWith: ["order", "shipping"] } }),
  promotion({ id: "kitchen-b2g1", target: "product", conditions: { categorySlugs: ["kitchen"] }, effect: { kind: "buy_x_get_y", buy: 2, get: 1, basisPoints: 10_000 } }),
  promotion({ id: "fixed-price", target: "product", conditions: { productIds: ["prod_3"] }, effect: { kind: "fixed_price", price: { USD: 900 } }, combination: { combinesWith: ["product", "shipping"] } }),
  promotion({ id: "save5", codes: ["SAVE5"], effect: { kind: "fixed_amount", amountOff: { USD: 500 } }, conditions: { minSubtotal: { USD: 5000 } } }),
  promotion({ id: "freeship", codes: ["FREESHIP"], target: "shipping", effect: { kind: "free_shipping" } }),
  promotion({ id: "tiers", effect: { kind: "tiered", tiers: [{ minSubtotal: { USD: 10_000 }, amountOff: { USD: 1000 } }, { minSubtotal: { USD: 20_000 }, amountOff: { USD: 2500 } }] } }),
  promotion({ id: "bf-exclusive", name: "Black Friday 25 %", effect: { kind: "percentage", basisPoints: 2500 }, combination: { combinable: false } }),
  promotion({ id: "vip-exclusive", conditions: { customerTags: ["vip"] }, effect: { kind: "percentage", basisPoints: 3000 }, combination: { combinable: false } }),
  promotion({ id: "sticker-off", target: "product", conditions: { productIds: ["prod_6"] }, effect: { kind: "fixed_amount", amountOff: { USD: 100 } } }),
];

const cart = input(lines, { codes: ["save5", "FREESHIP"], customer: { id: "cus_1", tags: ["vip"] } });

let sink = 0;
const run = (n: number) => {
  for (let k = 0; k < n; k++) sink += evaluatePromotions(cart, definitions).discountTotal;
};
run(2000); // warm-up, so the JIT has compiled the hot paths

let evaluations = 0;
const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
const deadline = started + BigInt(SECONDS * 1e9);
while (process.hrtime.bigint() < deadline) {
  run(500);
  evaluations += 500;
}
const elapsedNs = Number(process.hrtime.bigint() - started);
const cpu = process.cpuUsage(cpuBefore);
const cpuUs = cpu.user + cpu.system;

const result = evaluatePromotions(cart, definitions);
console.log("\nPromotion engine (20 lines, 10 active promotions)");
console.log(`evaluations/s      ${Math.round(evaluations / (elapsedNs / 1e9))}`);
console.log(`µs per evaluation  ${(elapsedNs / 1e3 / evaluations).toFixed(1)} wall, ${(cpuUs / evaluations).toFixed(1)} CPU`);
// On a shared machine wall time includes waiting for a core; CPU time is the engine's own cost.
console.log(`applied            ${result.applied.map((a) => a.promotionId).join(", ")}`);
console.log(`discount           ${result.discountTotal} + shipping ${result.shippingDiscount}; rejected: ${result.rejected.map((r) => r.message).join("; ") || "none"}`);
if (sink < 0) console.log(sink);
// No target is set for the engine yet: its figures are context for the cart and checkout ones.
new BenchSummary("promotion-engine")
  .info("evaluations/s (20 lines, 10 promotions)", Math.round(evaluations / (elapsedNs / 1e9)), "")
  .info("CPU per evaluation", cpuUs / evaluations, "µs")
  .report();
