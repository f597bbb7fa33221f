/**
 * A keyed set of map points (active alerts, open cases) that the layer fetch fills and live
 * events edit, shared by the map, the charts and the counts. Listeners hear about changes at most
 * every `throttleMs` (trailing), so 1,000 events a second cost a few map `setData` calls, not
 * 1,000.
 */
import type { PointFeature } from '../types.ts';

/** A store of points keyed by `properties.id`. */
export class PointStore<P extends { id: string }> {
  private readonly byId = new Map<string, PointFeature<P>>();
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastNotify = 0;
  /** Bumped on every change (cheap "did anything change" for renderers). */
  version = 0;

  constructor(private readonly throttleMs = 500) {}

  /** Replaces everything (a fresh layer fetch). */
  replace(features: readonly PointFeature<P>[]): void {
    this.byId.clear();
    for (const f of features) this.byId.set(f.properties.id, f);
    this.changed();
  }

  /** The point with this id, if any. */
  get(id: string): PointFeature<P> | undefined {
    return this.byId.get(id);
  }

  /** Adds or replaces one point. */
  upsert(feature: PointFeature<P>): void {
    this.byId.set(feature.properties.id, feature);
    this.changed();
  }

  /** Removes one point (no-op when absent). */
  remove(id: string): void {
    if (this.byId.delete(id)) this.changed();
  }

  /** Every point, in insertion order. */
  all(): PointFeature<P>[] {
    return [...this.byId.values()];
  }

  /** How many points there are. */
  get size(): number {
    return this.byId.size;
  }

  /** Calls `listener` (throttled) after changes; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops a pending notification (the page is going away). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private changed(): void {
    this.version++;
    if (this.timer) return;
    const wait = Math.max(0, this.lastNotify + this.throttleMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastNotify = Date.now();
      for (const l of [...this.listeners]) l();
    }, wait);
  }
}
