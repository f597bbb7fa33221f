/**
 * The active alerts of the whole platform, in memory, for the screen's alert layer, the alert
 * counts on jurisdictions and the KPI panel: loaded once through the alerts service (a page at
 * a time), then kept current from the `alerts` bus, so a poll never touches the alerts table.
 *
 * Events carry the alert as it is after the change, with its version, so applying them is
 * idempotent and order-safe. During a (re)load the events that arrive are kept and applied again
 * on top of the freshly read list, so an alert that ended while its page was being read does not
 * come back. A reload every `reloadMs` heals anything missed (a bus handler cannot fail here,
 * but another process's events may be lost with it).
 */
import type { Bus, Subscription } from '../platform/bus/bus.ts';
import { ALERTS_SUBJECT, type AlertEvent } from '../alerts/event-model.ts';
import { isActive, type Alert } from '../alerts/model.ts';
import { decodeCursor, type AlertListQuery, type Page } from '../alerts/list-model.ts';
import type { WarningLevel } from '../rules/signal-model.ts';

/** What the screen shows of an active alert. */
export interface ActiveAlert {
  id: string;
  level: WarningLevel;
  state: Alert['state'];
  category: string | null;
  message: string;
  location: [number, number] | null;
  path: string;
  jurisdictionId: string | null;
  raisedAt: number;
  version: number;
}

/** What the index needs. */
export interface ActiveAlertDeps {
  bus: Bus;
  /** The alerts service's list. */
  list: (q: AlertListQuery) => Promise<Page<Alert>>;
  /** How often the whole set is read again (ms, real time). */
  reloadMs?: number;
  onError?: (message: string, e: unknown) => void;
}

const PAGE = 1000;

function compact(a: Alert): ActiveAlert {
  return {
    id: a.id,
    level: a.level,
    state: a.state,
    category: a.category,
    message: a.message,
    location: a.location,
    path: a.jurisdictionPath,
    jurisdictionId: a.jurisdictionId,
    raisedAt: a.raisedAt,
    version: a.version,
  };
}

function apply(target: Map<string, ActiveAlert>, a: Alert): void {
  const current = target.get(a.id);
  if (current && current.version > a.version) return;
  if (isActive(a)) target.set(a.id, compact(a));
  else target.delete(a.id);
}

/** The index. */
export type ActiveAlertIndex = ReturnType<typeof createActiveAlertIndex>;

/**
 * Creates the index and subscribes to `alerts`; the first read loads it.
 * @example const index = createActiveAlertIndex({ bus, list: alerts.list }); (await index.inScope('/c/d/')).length;
 */
export function createActiveAlertIndex(deps: ActiveAlertDeps) {
  const reloadMs = deps.reloadMs ?? 10 * 60_000;
  const onError = deps.onError ?? ((m: string, e: unknown) => console.error(`screen: ${m}:`, e));
  let current = new Map<string, ActiveAlert>();
  let pending: Alert[] | null = null;
  let loading: Promise<void> | null = null;
  let loadedAt = Number.NEGATIVE_INFINITY;
  let loadedOnce = false;

  const subscription: Subscription = deps.bus.subscribe(ALERTS_SUBJECT, (m) => {
    const a = (m.data as Partial<AlertEvent> | null)?.alert;
    if (typeof a?.id !== 'string' || typeof a.version !== 'number') return;
    apply(current, a);
    pending?.push(a);
  });

  async function load(): Promise<void> {
    pending = [];
    try {
      const fresh = new Map<string, ActiveAlert>();
      for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
        const page: Page<Alert> = await deps.list({
          scopePath: '/',
          jurisdictionPath: null,
          levels: [],
          states: ['raised', 'acknowledged'],
          ruleId: null,
          since: null,
          cursor: cursor === null ? null : decodeCursor(cursor),
          limit: PAGE,
        });
        for (const a of page.items) apply(fresh, a);
        cursor = page.nextCursor;
      }
      for (const a of pending) apply(fresh, a);
      current = fresh;
      loadedAt = performance.now();
      loadedOnce = true;
    } finally {
      pending = null;
    }
  }

  function reload(): Promise<void> {
    loading ??= load().finally(() => {
      loading = null;
    });
    return loading;
  }

  /** Loaded, at least once; a due reload runs in the background while the current set answers. */
  async function ready(): Promise<void> {
    if (!loadedOnce) return reload();
    if (performance.now() - loadedAt >= reloadMs) reload().catch((e: unknown) => onError('reloading active alerts failed', e));
  }

  return {
    ready,
    /** Active alerts whose jurisdiction path starts with `scopePath`. */
    async inScope(scopePath: string): Promise<ActiveAlert[]> {
      await ready();
      const out: ActiveAlert[] = [];
      for (const a of current.values()) if (a.path.startsWith(scopePath)) out.push(a);
      return out;
    },
    /** Reads the whole set again now. */
    reload,
    /** Number of active alerts known. */
    size: (): number => current.size,
    close(): void {
      subscription.unsubscribe();
    },
  };
}
