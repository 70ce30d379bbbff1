/**
 * V8 flags for every Node process of the stack: each regional service, the Upstash bridge and
 * wrangler's own Node (its launcher passes them on to the CLI it spawns).
 *
 * Why: on Node 24, V8 lets the young generation grow to 64 MB per semi-space (128 MB of "new
 * space") whenever allocation is brisk — which loading drizzle-orm and zod at start-up already is
 * — and keeps those pages committed. That, not live data, was most of a service's 250–330 MB RSS:
 * heap snapshots of payments under the soak stayed at 20 MB of objects while its RSS moved between
 * 235 and 262 MB, and at rest new space held 128 MB with 0 MB in use. Capping a semi-space at 4 MB
 * brings a freshly started service to about 135 MB, 52 MB of which is the node binary's own text
 * (shared by every process). Short-lived request objects still die young at this size; the cost is
 * more frequent, smaller scavenges (the soak and `npm run bench:cart` print the figures).
 *
 * `--expose-gc` gives the services V8's `gc()`, which idle-memory.ts calls once a burst is over
 * and the process idle: V8's own memory reducer kept a seeded catalog's freed pages (60 MB) resident.
 *
 * Production starts the services the same way: `node --max-semi-space-size=4 --expose-gc regional-services/<service>/main.ts`.
 * `npm run dev`'s own runner gets them from package.json's `dev` script: without them it held
 * 260–290 MB, 105 MB of it young generation, after loading the driver for the dev owner.
 */
export const NODE_MEMORY_FLAGS: readonly string[] = ["--max-semi-space-size=4", "--expose-gc"];

/**
 * glibc malloc settings for the same processes (ignored where there is no glibc). By default
 * glibc raises its mmap and trim thresholds after large buffers are freed, so memory a burst used
 * (the catalog's first-start seeding, a page of 500 feed events) stays resident: a catalog that
 * had seeded held 175–178 MB with 19 MB of live heap. A fixed trim threshold stops that
 * adjustment, and two arenas keep V8's helper threads from each keeping their own: the same
 * catalog then held 146–152 MB. A variable already set in the environment wins.
 */
export const NODE_MEMORY_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: "2", MALLOC_TRIM_THRESHOLD_: "1048576" };
