import { Client, Pool, type PoolConfig } from "@neondatabase/serverless";

/**
 * Postgres parses and plans every unnamed statement afresh. A named one is parsed once per
 * connection and then only bound and executed: about half the server's CPU for the short
 * statements a checkout is made of (measured: 110–137 µs → 63–70 µs a query). drizzle names a
 * statement only when told to (`.prepare(name)`), so the pool's connections name every
 * parameterised statement themselves, by its text.
 *
 * Names are handed out per distinct text, process-wide, up to MAX_NAMED texts, and only to
 * statements of up to MAX_PARAMETERS parameters: the bulk statements whose text varies with
 * their batch (a seed import, an IN list of every length) neither use up the names before the
 * hot statements come nor fill each backend's memory with plans run once. Statements without
 * parameters (BEGIN, COMMIT, migrations' DDL) stay on the simple protocol, unnamed.
 */
const MAX_NAMED = 500;
const MAX_PARAMETERS = 32;
const names = new Map<string, string>();

export function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= MAX_NAMED) return known;
  const name = `edgeshop_${names.size}`;
  names.set(text, name);
  return name;
}

interface QueryConfig {
  text?: unknown;
  name?: unknown;
  values?: unknown;
}

function withName(config: unknown, values: unknown): unknown {
  if (typeof config === "string") return Array.isArray(values) && values.length > 0 ? withName({ text: config }, values) : config;
  if (typeof config !== "object" || config === null) return config;
  const { text, name } = config as QueryConfig;
  const params = values ?? (config as QueryConfig).values;
  if (typeof text !== "string" || name !== undefined || !Array.isArray(params) || params.length === 0 || params.length > MAX_PARAMETERS) return config;
  const given = statementName(text);
  return given === undefined ? config : { ...config, name: given };
}

class PreparingClient extends Client {
  // The overloads of pg's query() all take the config first; only that argument changes.
  override query(...args: unknown[]): never {
    const [config, values, ...rest] = args;
    return (super.query as (...a: unknown[]) => never)(withName(config, values), values, ...rest);
  }
}

/** The Neon driver's Pool whose connections name their statements (see above). */
export class PreparingPool extends Pool {
  constructor(config?: PoolConfig) {
    super(config);
    // Neon's Pool sets its Client class after pg's constructor has read the options.
    (this as unknown as { Client: typeof Client }).Client = PreparingClient;
  }
}
