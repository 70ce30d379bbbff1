/** Where the Worker tests' regional stack listens (see global-setup.ts and vitest.config.ts). */
export const TEST_STACK_PORTS = {
  bridge: 18079,
  catalog: 18801,
  orders: 18802,
  payments: 18803,
  customers: 18804,
} as const;

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
