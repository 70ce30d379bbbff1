/**
 * The in-memory dev store's data: typed values with optional expiry, expired lazily on access
 * (as Redis does) plus an occasional sweep so keys nobody reads again do not pile up.
 */
interface ValueTypes {
  string: string;
  hash: Map<string, string>;
  set: Set<string>;
  zset: Map<string, number>;
}
export type ValueType = keyof ValueTypes;
export type Value = { [K in ValueType]: { type: K; value: ValueTypes[K] } }[ValueType];
type ValueOf<T extends ValueType> = ValueTypes[T];

interface Entry {
  data: Value;
  /** Epoch milliseconds; undefined means the key never expires. */
  expiresAt: number | undefined;
}

/** A Redis error reply: the message is what the client sees. */
export class CommandError extends Error {}

export const wrongType = () => new CommandError("WRONGTYPE Operation against a key holding the wrong kind of value");

const SWEEP_EVERY_WRITES = 1000;

export class Keyspace {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  #writes = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  now(): number {
    return this.#now();
  }

  entry(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** The key's value when it holds `type`, undefined when absent; WRONGTYPE for another type. */
  read<T extends ValueType>(key: string, type: T): ValueOf<T> | undefined {
    const entry = this.entry(key);
    if (!entry) return undefined;
    if (entry.data.type !== type) throw wrongType();
    const value: unknown = entry.data.value;
    return value as ValueOf<T>;
  }

  /** Like `read`, but creates an empty collection for an absent key. */
  collection<T extends "hash" | "set" | "zset">(key: string, type: T): ValueOf<T> {
    const existing = this.read(key, type);
    if (existing) return existing;
    const created = (type === "set" ? new Set<string>() : new Map<string, unknown>()) as ValueOf<T>;
    this.put(key, { type, value: created } as Value, undefined);
    return created;
  }

  put(key: string, data: Value, expiresAt: number | undefined): void {
    this.#entries.set(key, { data, expiresAt });
    if (++this.#writes % SWEEP_EVERY_WRITES === 0) this.#sweep();
  }

  /** Collections vanish when their last member goes, as in Redis. */
  dropIfEmpty(key: string, collection: { size: number }): void {
    if (collection.size === 0) this.#entries.delete(key);
  }

  delete(key: string): boolean {
    return this.entry(key) !== undefined && this.#entries.delete(key);
  }

  *keys(): IterableIterator<string> {
    for (const key of [...this.#entries.keys()]) if (this.entry(key)) yield key;
  }

  flush(): void {
    this.#entries.clear();
  }

  /** Entries held in memory, expired ones not yet swept included (what the process really keeps). */
  get held(): number {
    return this.#entries.size;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.#entries.delete(key);
    }
  }
}
