/**
 * Refusals on the public pages, in the language shown: too many reports (429, with how long to
 * wait), a token nobody knows, a rating too early or twice; the rest go to the workbench's texts
 * (unknown category, outside the city, a photo too large…), which the public shares. Field
 * messages stay next to their field.
 */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { isAboutFields, useWorkProblem } from '../work/problem.tsx';
import { waitMinutes } from './report-model.ts';

/** Codes of the citizen core with their own text under `portal.errors`. */
const PORTAL_CODES = [
  'DESCRIPTION_TOO_LONG',
  'TOO_MANY_PHOTOS',
  'PHOTO_UNKNOWN',
  'REPORT_NOT_CLOSED',
  'REPORT_ALREADY_RATED',
  'REPORT_NOT_FOUND',
] as const;
type PortalCode = (typeof PORTAL_CODES)[number];
const isPortalCode = (code: string): code is PortalCode => (PORTAL_CODES as readonly string[]).includes(code);

/** Texts for a failed public request. */
export interface PortalProblemText {
  text(error: unknown): string;
  field(error: unknown, name: string): string | null;
}

/** The public pages' problem texts. */
export function usePortalProblem(): PortalProblemText {
  const { t } = useTranslation();
  const work = useWorkProblem();
  return {
    text(error) {
      if (error instanceof ApiError && error.status === 429) {
        const minutes = waitMinutes(error.retryAfterS);
        return minutes === null ? t('portal.errors.tooMany') : t('portal.errors.tooManyWait', { minutes });
      }
      if (error instanceof ApiError && isPortalCode(error.code)) return t(`portal.errors.${error.code}`);
      if (error instanceof ApiError && error.status === 404) return t('portal.errors.REPORT_NOT_FOUND');
      return work.text(error);
    },
    field(error, name) {
      // A 429 names who was limited (ip, contact): it is said in the banner, not at a field.
      if (!(error instanceof ApiError) || error.status === 429) return null;
      if (error.messageFor(name) !== null && isPortalCode(error.code)) return t(`portal.errors.${error.code}`);
      if (error.messageFor(name) !== null && (error.code === 'UNKNOWN_CATEGORY' || error.code === 'LOCATION_OUTSIDE_CITY'))
        return work.text(error);
      return work.field(error, name);
    },
  };
}

/** A banner for an error no field of the form shows. */
export function PortalProblem({ error, fields = [] }: { error: unknown; fields?: readonly string[] }) {
  const p = usePortalProblem();
  if (error === null || error === undefined) return null;
  if (!(error instanceof ApiError && error.status === 429) && isAboutFields(error, fields)) return null;
  return (
    <div className="problem" role="alert">
      <span>{p.text(error)}</span>
    </div>
  );
}
