/**
 * Where the Worker tests' regional stack listens (see global-setup.ts and vitest.config.ts). The
 * base port is picked once per vitest run, so two runs at once (two terminals, or CI beside a
 * developer's own run) never fight over ports. Worker tests find the services via `env.REGIONS`.
 */
// Below Linux's ephemeral range (32768+), where outgoing connections would take ports at random.
process.env.EDGESHOP_TEST_PORT_BASE ??= String(20_000 + Math.floor(Math.random() * 1_200) * 10);
const base = Number(process.env.EDGESHOP_TEST_PORT_BASE);

export const TEST_STACK_PORTS = {
  bridge: base,
  catalog: base + 1,
  orders: base + 2,
  payments: base + 3,
  customers: base + 4,
  /** Not part of the stack: a catalog that answers 500 (failing-origin.ts). */
  failingCatalog: base + 5,
  /** Not part of the stack: a merchant's webhook receiver (webhook-receiver.ts). */
  webhookReceiver: base + 6,
} as const;

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
