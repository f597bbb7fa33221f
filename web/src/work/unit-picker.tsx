/**
 * Choosing the unit a case goes to (派遣): the unit the responsibility matrix names comes first
 * and is chosen to begin with; picking another one asks for the reason (the server records the
 * override and refuses a dispatch without it). The list holds the departments inside the centre
 * in charge's jurisdiction — the only ones the server lets it dispatch to.
 */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { unitsApi } from '../api/endpoints.ts';
import type { Case, Unit } from '../api/types.ts';
import { Field } from '../components/Field.tsx';
import { useLoad } from '../lib/use-load.ts';
import { centreJurisdictionId } from './actions.ts';
import { loadSuggestedUnit, loadUnit, rememberUnits, useUnitLabel } from './units.tsx';

/** The units a case may go to, and the suggested one (null when the matrix names none). */
export interface DispatchChoice {
  units: Unit[];
  suggested: Unit | null;
}

/** Loads the departments under the case's centre and the matrix's suggestion, suggestion first. */
export async function loadDispatchChoice(
  c: Pick<Case, 'centrePath' | 'category' | 'jurisdictionId' | 'suggestedUnitId'>,
): Promise<DispatchChoice> {
  const [list, resolved] = await Promise.all([
    unitsApi.list({ jurisdiction: centreJurisdictionId(c), kind: 'department' }),
    // What the server compares the choice with; the case's own suggestion when the matrix is not readable.
    loadSuggestedUnit(c.category, c.jurisdictionId).catch(async (e: unknown) => {
      if (c.suggestedUnitId && e instanceof ApiError && e.status !== 0) return loadUnit(c.suggestedUnitId).catch(() => null);
      return null;
    }),
  ]);
  rememberUnits(list.items);
  const suggested = resolved;
  const rest = list.items.filter((u) => u.id !== suggested?.id);
  return { units: suggested ? [suggested, ...rest] : rest, suggested };
}

/** The choice's loading state for a case (shared by the dispatch form and the supervision board). */
export function useDispatchChoice(c: Case) {
  return useLoad(() => loadDispatchChoice(c), `${c.id}:${c.centrePath}:${c.category}`);
}

/** Props of {@link UnitPicker}. */
export interface UnitPickerProps {
  choice: DispatchChoice;
  unitId: string;
  onUnit: (id: string) => void;
  overrideReason: string;
  onOverrideReason: (text: string) => void;
  unitError?: string | null;
  overrideError?: string | null;
  /** Ask for the override reason when another unit is chosen (default); off where a note says why. */
  askOverride?: boolean;
}

/** True if dispatching to `unitId` needs an override reason. */
export function needsOverride(choice: DispatchChoice, unitId: string): boolean {
  return choice.suggested !== null && unitId !== '' && unitId !== choice.suggested.id;
}

/** The unit select, the suggestion marked, and the override reason when another unit is chosen. */
export function UnitPicker({
  choice,
  unitId,
  onUnit,
  overrideReason,
  onOverrideReason,
  unitError,
  overrideError,
  askOverride = true,
}: UnitPickerProps) {
  const { t } = useTranslation();
  const label = useUnitLabel();
  const { suggested, units } = choice;
  const others = units.filter((u) => u.id !== suggested?.id);
  return (
    <>
      <Field
        label={t('case.dispatch.unit')}
        error={unitError}
        hint={suggested ? t('case.dispatch.suggestedHint', { unit: label(suggested) }) : t('case.dispatch.noSuggestion')}
      >
        {(p) => (
          <select {...p} name="unitId" value={unitId} onChange={(e) => onUnit(e.target.value)}>
            <option value="">{t('case.dispatch.choose')}</option>
            {suggested && (
              <optgroup label={t('case.dispatch.suggested')}>
                <option value={suggested.id}>{t('case.dispatch.suggestedOption', { unit: label(suggested) })}</option>
              </optgroup>
            )}
            <optgroup label={t('case.dispatch.others')}>
              {others.map((u) => (
                <option key={u.id} value={u.id}>
                  {label(u)}
                </option>
              ))}
            </optgroup>
          </select>
        )}
      </Field>
      {askOverride && needsOverride(choice, unitId) && (
        <Field label={t('case.dispatch.overrideReason')} error={overrideError} hint={t('case.dispatch.overrideHint')}>
          {(p) => (
            <textarea
              {...p}
              name="overrideReason"
              rows={2}
              maxLength={2000}
              value={overrideReason}
              onChange={(e) => onOverrideReason(e.target.value)}
            />
          )}
        </Field>
      )}
    </>
  );
}
