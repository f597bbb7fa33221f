/**
 * Refusals on the workbench, in the language shown: the loop's own codes (a reason missing, a
 * unit outside the centre, a photo too large…) are translated here, the rest go to the app's
 * shared messages. Field messages stay next to their field: the server's text, or its code's
 * translation when there is one.
 */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useProblemText } from '../components/ProblemMessage.tsx';

/** Codes with their own text under `case.errors`. */
const WORK_CODES = [
  'CASE_REASON_REQUIRED',
  'CASE_INVALID_COMMAND',
  'CASE_UNIT_OUTSIDE_CENTRE',
  'CASE_EXTENSION_NEEDS_HIGHER_ROLE',
  'CASE_ESCALATION_NOT_HIGHER',
  'CASE_MASTER_NOT_OPEN',
  'CASE_CLOCK_BACKWARDS',
  'PROPOSAL_DECIDED',
  'PROPOSAL_NOT_FOUND',
  'SUPERVISION_RESOLVED',
  'SUPERVISION_NOT_FOUND',
  'ATTACHMENT_TOO_LARGE',
  'ATTACHMENT_TYPE',
  'ATTACHMENT_EMPTY',
  'ATTACHMENT_UNKNOWN',
  'PAYLOAD_TOO_LARGE',
  'UNKNOWN_CATEGORY',
  'LOCATION_OUTSIDE_CITY',
  'OUTSIDE_ALL_JURISDICTIONS',
  'NO_CENTRE',
  'VALIDATION_FAILED',
  'SCOPE_FORBIDDEN',
] as const;
type WorkCode = (typeof WORK_CODES)[number];
const isWorkCode = (code: string): code is WorkCode => (WORK_CODES as readonly string[]).includes(code);
/** Codes whose text only wraps the server's detail: by a field, the detail alone says it. */
const GENERIC_CODES: ReadonlySet<WorkCode> = new Set(['CASE_INVALID_COMMAND', 'VALIDATION_FAILED']);

/** Texts for errors and for fields of a failed request. */
export interface WorkProblemText {
  /** The whole error, for a banner. */
  text(error: unknown): string;
  /** The message for one field (`reason`, `unitId`, `extra`…), or null when the error is not about it. */
  field(error: unknown, name: string): string | null;
}

/** The workbench's problem texts. */
export function useWorkProblem(): WorkProblemText {
  const { t } = useTranslation();
  const shared = useProblemText();
  return {
    text(error) {
      if (error instanceof ApiError && isWorkCode(error.code)) {
        const detail = error.fields[0]?.message ?? error.message;
        return t(`case.errors.${error.code}`, { detail });
      }
      return shared(error);
    },
    field(error, name) {
      if (!(error instanceof ApiError)) return null;
      const message = error.messageFor(name);
      if (message === null) return null;
      // A code with its own text is said in the page's language (a place outside the city, a
      // photo of the wrong type…); the generic input checks keep the server's own words.
      if (isWorkCode(error.code) && !GENERIC_CODES.has(error.code)) return t(`case.errors.${error.code}`, { detail: message });
      return message;
    },
  };
}

/** True if the error names one of `fields` (then the form shows it there, not in a banner). */
export function isAboutFields(error: unknown, fields: readonly string[]): boolean {
  return error instanceof ApiError && fields.some((f) => error.messageFor(f) !== null);
}

/** A banner for an error no field of the form shows. */
export function WorkProblem({ error, fields = [] }: { error: unknown; fields?: readonly string[] }) {
  const p = useWorkProblem();
  if (error === null || error === undefined || isAboutFields(error, fields)) return null;
  return (
    <div className="problem" role="alert">
      <span>{p.text(error)}</span>
    </div>
  );
}
