/**
 * A least-recently-used map bounded both by entry count and by total size. An isolate's memory
 * is small (128 MB) and shared by every request, so a catalog that grows (big pages, many
 * distinct queries) must evict rather than grow without limit.
 */
export interface LruLimits {
  maxEntries: number;
  /** Sum of `sizeOf(value)` over all entries; one value larger than this is never stored. */
  maxSize: number;
}

export class SizedLru<V> {
  // A Map iterates in insertion order, so re-inserting on read keeps the oldest entry first.
  readonly #entries = new Map<string, { value: V; size: number }>();
  readonly #limits: LruLimits;
  readonly #sizeOf: (value: V) => number;
  #size = 0;

  constructor(limits: LruLimits, sizeOf: (value: V) => number) {
    this.#limits = limits;
    this.#sizeOf = sizeOf;
  }

  get(key: string): V | undefined {
    const slot = this.#entries.get(key);
    if (!slot) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, slot);
    return slot.value;
  }

  set(key: string, value: V): void {
    const size = this.#sizeOf(value);
    this.delete(key);
    if (size > this.#limits.maxSize) return;
    this.#entries.set(key, { value, size });
    this.#size += size;
    while (this.#entries.size > this.#limits.maxEntries || this.#size > this.#limits.maxSize) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  delete(key: string): void {
    const slot = this.#entries.get(key);
    if (!slot) return;
    this.#entries.delete(key);
    this.#size -= slot.size;
  }

  clear(): void {
    this.#entries.clear();
    this.#size = 0;
  }

  get entryCount(): number {
    return this.#entries.size;
  }

  get totalSize(): number {
    return this.#size;
  }
}
