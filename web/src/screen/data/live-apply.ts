/**
 * Live events applied to the map's points: an alert raised or changed is placed (or moved to its
 * new level), one cleared or closed goes away; a case that moves on stays with its state and a
 * deadline light, one that leaves the open states goes away. The live line carries the due time
 * but not the light, so the light is kept from before and turns red once the due time has passed;
 * the next layer refresh brings the server's own light. Pure apart from the stores they edit.
 */
import type { CaseState } from '../../api/types.ts';
import type { AlertProps, CaseProps, LiveAlert, LiveCase, PointFeature } from '../types.ts';
import type { PointStore } from './point-store.ts';

/** Case states in which a case is drawn (src/cases/case-types.ts OPEN_STATES). */
export const OPEN_STATES: ReadonlySet<CaseState> = new Set([
  'reported',
  'filed',
  'dispatched',
  'accepted',
  'handled',
  'verified',
  'parked',
]);

function point<P>(lon: number, lat: number, properties: P): PointFeature<P> {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties };
}

/** Applies one alert event. */
export function applyAlertEvent(store: PointStore<AlertProps>, e: LiveAlert): void {
  if (e.state === 'cleared' || e.state === 'closed') {
    store.remove(e.alertId);
    return;
  }
  if (e.lon === null || e.lat === null) return;
  const before = store.get(e.alertId)?.properties;
  store.upsert(
    point(e.lon, e.lat, {
      id: e.alertId,
      level: e.level,
      state: e.state,
      category: e.category,
      message: e.message,
      raisedAt: before?.raisedAt ?? e.at,
      jurisdictionId: before?.jurisdictionId ?? '',
    }),
  );
}

/** Applies one case event; `now` is the platform's time as the screen estimates it. */
export function applyCaseEvent(store: PointStore<CaseProps>, e: LiveCase, now: number): void {
  if (!OPEN_STATES.has(e.state)) {
    store.remove(e.caseId);
    return;
  }
  if (e.lon === null || e.lat === null) return;
  const before = store.get(e.caseId)?.properties;
  const light = e.dueAt === null ? null : now >= e.dueAt ? 'red' : (before?.light ?? 'green');
  store.upsert(
    point(e.lon, e.lat, {
      id: e.caseId,
      code: e.code,
      state: e.state,
      category: e.category ?? before?.category ?? '',
      urgency: e.urgency,
      light,
      dueAt: e.dueAt,
      reportedAt: before?.reportedAt ?? e.at,
      jurisdictionId: before?.jurisdictionId ?? '',
    }),
  );
}
