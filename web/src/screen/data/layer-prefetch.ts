/**
 * The first polygons, asked for as soon as the page mounts rather than when the map and the
 * jurisdiction's details are ready (half a second later on a slow machine): the map takes the
 * answer from here if it is recent, else fetches its own.
 */
import type { JurisdictionLevel } from '../../api/types.ts';
import { screenApi } from './screen-api.ts';

type Layer = Awaited<ReturnType<typeof screenApi.jurisdictions>>;

/** An answer older than this is not used, ms. */
const FRESH_MS = 10_000;

const pending = new Map<string, { at: number; answer: Promise<Layer> }>();
const keyOf = (level: JurisdictionLevel, parent: string | null) => `${level}|${parent ?? ''}`;

/** Starts fetching a level's layer (no-op when already started). */
export function prefetchJurisdictions(level: JurisdictionLevel, parent: string | null): void {
  const key = keyOf(level, parent);
  if (pending.has(key)) return;
  const answer = screenApi.jurisdictions(level, parent);
  // A failed prefetch is not an error: the map fetches again.
  answer.catch(() => pending.delete(key));
  pending.set(key, { at: Date.now(), answer });
}

/** The layer: the prefetched answer when fresh (used once), else a new request. */
export function jurisdictionLayer(level: JurisdictionLevel, parent: string | null, signal?: AbortSignal): Promise<Layer> {
  const key = keyOf(level, parent);
  const p = pending.get(key);
  pending.delete(key);
  return p && Date.now() - p.at < FRESH_MS ? p.answer : screenApi.jurisdictions(level, parent, signal);
}
