/**
 * The case timeline (处置过程): each entry with what happened, who (role; "you" for the signed-in
 * user) and when, the note, the photos as thumbnails, and what changed (before → after) in words.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_EVENT_TYPES, CASE_STATES, ROLES, type CaseEvent, type CaseEventType, type CaseState, type Role } from '../api/types.ts';
import { useFormat } from '../i18n/format.ts';
import { useMe } from '../session/session.tsx';
import { useCategoryName } from './catalogue.ts';
import { MasterLink } from './duplicates.tsx';
import { PhotoThumbs } from './photos.tsx';
import { UnitName } from './units.tsx';

const isEventType = (x: string): x is CaseEventType => (CASE_EVENT_TYPES as readonly string[]).includes(x);
const isState = (x: unknown): x is CaseState => typeof x === 'string' && (CASE_STATES as readonly string[]).includes(x);
const isRole = (x: string): x is Role => (ROLES as readonly string[]).includes(x);
const STEPS = ['dispatch', 'handle', 'verify', 'close'] as const;
const isStep = (x: unknown): x is (typeof STEPS)[number] => typeof x === 'string' && (STEPS as readonly string[]).includes(x);
const LEVELS = ['street', 'district', 'city'] as const;
const isLevel = (x: unknown): x is (typeof LEVELS)[number] => typeof x === 'string' && (LEVELS as readonly string[]).includes(x);
const URGENCIES = ['urgent', 'high', 'normal'] as const;
const isUrgency = (x: unknown): x is (typeof URGENCIES)[number] => typeof x === 'string' && (URGENCIES as readonly string[]).includes(x);

/** The fields whose change the timeline spells out, in this order. */
const SHOWN = [
  'state',
  'unitId',
  'centreLevel',
  'category',
  'urgency',
  'step',
  'extension',
  'reviewAt',
  'masterId',
  'reportCount',
  'satisfaction',
] as const;
type Shown = (typeof SHOWN)[number];

const isBlank = (v: unknown) => v === null || v === undefined;

/** The whole timeline, oldest first. */
export function Timeline({ events }: { events: readonly CaseEvent[] }) {
  return (
    <ol className="timeline">
      {events.map((e) => (
        <TimelineEntry key={e.id} e={e} />
      ))}
    </ol>
  );
}

function TimelineEntry({ e }: { e: CaseEvent }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const from = e.before.state;
  const to = e.after.state;
  // A person's report carries no roles: the actor is the reporter.
  const roles =
    e.actorRoles.length === 0 && e.type === 'reported'
      ? t('case.reporterActor')
      : e.actorRoles.map((r) => (r === 'system' ? t('case.system') : isRole(r) ? t(`roles.${r}`) : r)).join(t('common.listSeparator'));
  const actor = [roles, e.actorId === me.user.id ? t('case.you') : ''].filter(Boolean).join(' ');
  // A new case's entry lists no changes (everything would be "— → …"); others list what moved.
  const changed =
    e.type === 'reported' ? [] : SHOWN.filter((k) => k !== 'state' && k in e.after && !(isBlank(e.before[k]) && isBlank(e.after[k])));
  return (
    <li data-event={e.type}>
      <div className="timeline-head">
        <strong>{isEventType(e.type) ? t(`event.${e.type}`) : e.type}</strong>
        <time dateTime={new Date(e.at).toISOString()}>{fmt.dateTime(e.at)}</time>
      </div>
      <div className="muted">
        {[actor, isState(from) && isState(to) && from !== to ? `${t(`caseState.${from}`)} → ${t(`caseState.${to}`)}` : '']
          .filter(Boolean)
          .join(' · ')}
      </div>
      {e.note && <p className="timeline-note">{e.note}</p>}
      <PhotoThumbs ids={e.attachments} />
      {changed.length > 0 && (
        <dl className="changes" aria-label={t('case.changes')}>
          {changed.map((k) => (
            <div key={k}>
              <dt>{t(`case.field.${k}`)}</dt>
              <dd>
                <Value k={k} v={e.before[k]} /> → <Value k={k} v={e.after[k]} />
              </dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}

/** One before or after value, in words. */
function Value({ k, v }: { k: Shown; v: unknown }): ReactNode {
  const { t } = useTranslation();
  const fmt = useFormat();
  const categoryName = useCategoryName();
  if (v === null || v === undefined) return '—';
  const raw = typeof v === 'string' || typeof v === 'number' ? String(v) : '—';
  switch (k) {
    case 'state':
      return isState(v) ? t(`caseState.${v}`) : raw;
    case 'unitId':
      return typeof v === 'string' ? <UnitName id={v} /> : '—';
    case 'masterId':
      return typeof v === 'string' ? <MasterLink id={v} /> : '—';
    case 'centreLevel':
      return isLevel(v) ? t(`case.centreLevel.${v}`) : raw;
    case 'category':
      return typeof v === 'string' ? categoryName(v) : '—';
    case 'urgency':
      return isUrgency(v) ? t(`urgency.${v}`) : raw;
    case 'reviewAt':
      return typeof v === 'number' ? fmt.dateTime(v) : '—';
    case 'step': {
      const s = v as { step?: unknown; dueAt?: unknown; pausedRemainingMs?: unknown };
      if (!isStep(s.step) || typeof s.dueAt !== 'number') return '—';
      return s.pausedRemainingMs !== null && s.pausedRemainingMs !== undefined
        ? t('case.stepPaused', { step: t(`step.${s.step}`) })
        : t('case.stepDue', { step: t(`step.${s.step}`), time: fmt.dateTime(s.dueAt) });
    }
    case 'extension': {
      const x = v as { extra?: { amount?: unknown; unit?: unknown } };
      const unit = x.extra?.unit;
      if (
        typeof x.extra?.amount !== 'number' ||
        (unit !== 'working_days' && unit !== 'working_hours' && unit !== 'calendar_hours' && unit !== 'calendar_minutes')
      )
        return '—';
      return t('case.extensionAsked', { amount: fmt.number(x.extra.amount), unit: t(`case.limitUnit.${unit}`) });
    }
    case 'reportCount':
    case 'satisfaction':
      return typeof v === 'number' ? fmt.number(v) : raw;
  }
}
