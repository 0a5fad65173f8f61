import { EventEmitter } from "events";
import type { Clock } from "./clock";

/** How long entries live and how many are kept. */
export interface CacheOptions {
  ttlMillis: number;
  maxEntries: number;
  clock?: Clock;
}

export type Loader<K, V> = (key: K) => Promise<V>;

export enum EvictionReason {
  Expired = "expired",
  Capacity = "capacity",
  Manual = "manual",
}

interface Entry<V> {
  value: V;
  expiresAt: number;
  hits: number;
}

/**
 * A small LRU cache with time-to-live, request coalescing and statistics.
 *
 * Emits "evict" with the key and the {@link EvictionReason}.
 */
export class LoadingCache<K, V> extends EventEmitter {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly inflight = new Map<K, Promise<V>>();
  private hits = 0;
  private misses = 0;

  constructor(private readonly loader: Loader<K, V>, private readonly options: CacheOptions) {
    super();
  }

  private now(): number {
    return this.options.clock?.now() ?? Date.now();
  }

  /**
   * Returns the cached value, loading it at most once for concurrent callers.
   * Expired entries are reloaded; failures are not cached.
   */
  async get(key: K): Promise<V> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      if (entry.expiresAt > now) {
        this.hits++;
        entry.hits++;
        // move to the end: Map keeps insertion order, so the first key is the least recently used
        this.entries.delete(key);
        this.entries.set(key, entry);
        // refresh ahead: a popular entry in its last tenth of life is reloaded in the background
        const refreshAt = entry.expiresAt - this.options.ttlMillis / 10;
        if (now >= refreshAt && entry.hits > 2 && !this.inflight.has(key)) {
          const refresh = this.loader(key)
            .then((value) => {
              this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMillis, hits: 0 });
              return value;
            })
            .catch((error: unknown) => {
              this.emit("refreshFailed", key, error);
              return entry.value;
            })
            .finally(() => this.inflight.delete(key));
          this.inflight.set(key, refresh);
        }
        return entry.value;
      }
      this.entries.delete(key);
      this.emit("evict", key, EvictionReason.Expired);
    }
    this.misses++;

    const pending = this.inflight.get(key);
    if (pending !== undefined) {
      return pending;
    }

    const load = (async () => {
      let value: V;
      try {
        value = await this.loader(key);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`loading ${String(key)} failed: ${message}`);
      } finally {
        this.inflight.delete(key);
      }
      if (value === undefined) {
        throw new Error(`loader returned undefined for ${String(key)}`);
      }
      const stored: Entry<V> = {
        value,
        expiresAt: this.now() + this.options.ttlMillis,
        hits: 0,
      };
      this.entries.set(key, stored);

      while (this.entries.size > this.options.maxEntries) {
        const oldest = this.entries.keys().next();
        if (oldest.done) {
          break;
        }
        this.entries.delete(oldest.value);
        this.emit("evict", oldest.value, EvictionReason.Capacity);
      }
      return value;
    })();

    this.inflight.set(key, load);
    return load;
  }

  invalidate(key: K): boolean {
    const removed = this.entries.delete(key);
    if (removed) {
      this.emit("evict", key, EvictionReason.Manual);
    }
    return removed;
  }

  /** Hit ratio since creation, 0 when nothing was asked yet. */
  get hitRatio(): number {
    const total = this.hits + this.misses;
    return total === 0 ? 0 : this.hits / total;
  }
}

export function formatRatio(ratio: number): string;
export function formatRatio(ratio: number, digits: number): string;
export function formatRatio(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

export namespace CacheDefaults {
  export const ttlMillis = 60_000;
  export const maxEntries = 1_000;
}

/** Builds a cache with the defaults for anything not given. */
export const createCache = <K, V>(loader: Loader<K, V>, options: Partial<CacheOptions> = {}) =>
  new LoadingCache(loader, { ...CacheDefaults, ...options });
