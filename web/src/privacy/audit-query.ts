/**
 * The audit page's search form → the `/api/v1/audit/entries` query: blank fields left out, the
 * times (the form's local `datetime-local` values) as epoch ms. Pure.
 */
import type { AuditQuery } from '../api/privacy-types.ts';

/** The form's fields, as typed. */
export interface AuditForm {
  actor: string;
  action: string;
  subjectKind: string;
  subjectId: string;
  purpose: string;
  /** `YYYY-MM-DDTHH:mm` in the browser's time zone, or ''. */
  from: string;
  to: string;
}

/** An empty form. */
export const EMPTY_AUDIT_FORM: AuditForm = { actor: '', action: '', subjectKind: '', subjectId: '', purpose: '', from: '', to: '' };

/**
 * The query for a form; a time that does not parse is left out.
 * @example auditQuery({ ...EMPTY_AUDIT_FORM, action: ' registry.read ' }) // { action: 'registry.read' }
 */
export function auditQuery(form: AuditForm): AuditQuery {
  const q: AuditQuery = {};
  for (const k of ['actor', 'action', 'subjectKind', 'subjectId', 'purpose'] as const) {
    const v = form[k].trim();
    if (v) q[k] = v;
  }
  for (const k of ['from', 'to'] as const) {
    const ms = form[k] ? new Date(form[k]).getTime() : NaN;
    if (Number.isFinite(ms)) q[k] = ms;
  }
  return q;
}
