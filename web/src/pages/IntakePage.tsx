/**
 * `/intake`: report a case (信息采集 / 受理) — for intake operators taking calls, inspectors and
 * grid workers on the street, community workers and the desk. Category by search, urgency,
 * description, the place by tapping the map of the caller's jurisdictions or the phone's current
 * position (or typed), the address, the reporter (optional: a caller's name and phone), photos.
 * After sending: the case code and the duplicates the platform proposed, with their confidence and
 * a link to each master case. What is typed is a draft until it has been sent.
 */
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { placeApi, reportApi } from '../api/endpoints.ts';
import type { JurisdictionLevel, ReportAnswer, ReportInput, Urgency } from '../api/types.ts';
import { Field } from '../components/Field.tsx';
import { Loading } from '../components/Loading.tsx';
import { useFormat } from '../i18n/format.ts';
import { useHere } from '../lib/use-here.ts';
import { useLoad } from '../lib/use-load.ts';
import { Link } from '../router/router.tsx';
import { useDraft } from '../session/drafts.ts';
import { hasRole, useMe } from '../session/session.tsx';
import { CategoryPicker } from '../work/category-picker.tsx';
import { MasterLink, percent } from '../work/duplicates.tsx';
import { PhotoInput } from '../work/photos.tsx';
import { areaLabel } from '../work/area.ts';
import { useWorkProblem, WorkProblem } from '../work/problem.tsx';
import { INTAKE_ROLES } from '../work/roles.ts';
import '../work/work.css';

const PickMap = lazy(() => import('../work/pick-map.tsx'));

/** The level the map draws below the caller's scope (streets for a city or district, grids for a street). */
const MAP_LEVEL: Record<JurisdictionLevel, JurisdictionLevel> = {
  city: 'street',
  district: 'street',
  street: 'grid',
  grid: 'community',
  community: 'community',
};

/** The form as typed (numbers as text: the fields keep what the user wrote). */
interface IntakeDraft {
  category: string;
  urgency: Urgency;
  description: string;
  address: string;
  name: string;
  phone: string;
}

const EMPTY: IntakeDraft = { category: '', urgency: 'normal', description: '', address: '', name: '', phone: '' };
/** The place as typed or picked (its own draft, so a late GPS fix cannot undo typing elsewhere). */
const NO_POINT = { lon: '', lat: '' };
const PHONE = /^[\d+\- ]{3,20}$/;

/** A coordinate typed into a field, or null when it is not one. */
function coordinate(text: string, limit: number): number | null {
  if (!text.trim()) return null;
  const n = Number(text);
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

export default function IntakePage() {
  const { t } = useTranslation();
  const me = useMe();
  const [answer, setAnswer] = useState<ReportAnswer | null>(null);
  if (!hasRole(me, ...INTAKE_ROLES)) {
    return (
      <section className="intake">
        <h1>{t('intake.title')}</h1>
        <p className="empty">{t('intake.notForRole')}</p>
      </section>
    );
  }
  return (
    <section className="intake" aria-labelledby="intake-title">
      <p>
        <Link to="/work">{t('case.back')}</Link>
      </p>
      <h1 id="intake-title">{t('intake.title')}</h1>
      {answer ? <Reported answer={answer} onAnother={() => setAnswer(null)} /> : <IntakeForm onReported={setAnswer} />}
    </section>
  );
}

function IntakeForm({ onReported }: { onReported: (a: ReportAnswer) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const problem = useWorkProblem();
  const [draft, setDraft, clearDraft] = useDraft<IntakeDraft>('intake', EMPTY);
  const [typed, setTyped, clearTyped] = useDraft<{ lon: string; lat: string }>('intake:point', NO_POINT);
  const [photos, setPhotos, clearPhotos] = useDraft<string[]>('intake:photos', []);
  const [uploading, setUploading] = useState(false);
  // Checked live once a send was tried, so a message goes away as soon as the field is right.
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<IntakeDraft>) => setDraft({ ...draft, ...patch });

  const lon = coordinate(typed.lon, 180);
  const lat = coordinate(typed.lat, 90);
  const point = lon !== null && lat !== null ? { lon, lat } : null;
  const pointKey = point ? `${point.lon},${point.lat}` : '';
  const place = useLoad(async () => (point ? placeApi.locate(point.lon, point.lat) : null), pointKey);
  // The point the server last refused the place at: its message goes once the place changes.
  const [refusedAt, setRefusedAt] = useState<string | null>(null);

  const pick = (x: number, y: number) => setTyped({ lon: x.toFixed(6), lat: y.toFixed(6) });
  const [locating, here] = useHere(pick);

  const check = (): Record<string, string> => {
    const bad: Record<string, string> = {};
    if (!draft.category) bad.category = t('intake.categoryRequired');
    if (!draft.description.trim()) bad.description = t('intake.descriptionRequired');
    if (!point) bad.location = t('intake.locationRequired');
    if (draft.phone.trim() && !PHONE.test(draft.phone.trim())) bad.phone = t('intake.phoneInvalid');
    return bad;
  };
  const local = tried ? check() : {};
  const fieldError = (name: string) => local[name] ?? problem.field(error, name);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || uploading) return;
    setTried(true);
    if (Object.keys(check()).length > 0 || !point) {
      setError(null);
      return;
    }
    const reporter = {
      ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
      ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
    };
    const input: ReportInput = {
      category: draft.category,
      urgency: draft.urgency,
      description: draft.description.trim(),
      location: { lon: point.lon, lat: point.lat, ...(draft.address.trim() ? { address: draft.address.trim() } : {}) },
      ...(Object.keys(reporter).length ? { reporter } : {}),
      ...(photos.length ? { attachments: photos } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      const answer = await reportApi.report(input);
      clearDraft();
      clearTyped();
      clearPhotos();
      onReported(answer);
    } catch (err) {
      setError(err);
      setRefusedAt(pointKey);
    } finally {
      setBusy(false);
    }
  };

  const area = place.data ? areaLabel(place.data) : null;
  const outside = place.error instanceof ApiError && place.error.status === 404;
  const serverLocation = refusedAt === pointKey ? problem.field(error, 'location') : null;
  const locationError = local.location ?? serverLocation ?? (outside ? t('intake.outside') : null);
  const serverFields = ['category', 'description', 'location', 'reporter', 'urgency', 'attachments'];
  return (
    <form className="intake-form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="card">
        <CategoryPicker value={draft.category} onChange={(category) => set({ category })} error={fieldError('category')} />
        <Field label={t('intake.urgency')} error={fieldError('urgency')}>
          {(p) => (
            <select {...p} value={draft.urgency} onChange={(e) => set({ urgency: e.target.value as Urgency })}>
              {(['normal', 'high', 'urgent'] as const).map((u) => (
                <option key={u} value={u}>
                  {t(`urgency.${u}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('intake.description')} error={fieldError('description')}>
          {(p) => (
            <textarea {...p} rows={3} maxLength={4000} value={draft.description} onChange={(e) => set({ description: e.target.value })} />
          )}
        </Field>
      </div>

      <fieldset className={locationError ? 'card location field-invalid' : 'card location'}>
        <legend>{t('intake.location')}</legend>
        <p className="muted">{t('intake.mapHint')}</p>
        <Suspense fallback={<Loading />}>
          <PickMap level={MAP_LEVEL[me.scope.level as JurisdictionLevel] ?? 'street'} value={point} onPick={pick} />
        </Suspense>
        <div className="location-tools">
          <button type="button" className="button" onClick={here} disabled={locating === 'busy'}>
            {locating === 'busy' ? t('intake.locating') : t('intake.here')}
          </button>
          {locating === 'failed' && <span className="field-error">{t('intake.hereFailed')}</span>}
        </div>
        <div className="field-row">
          <Field label={t('intake.lon')}>
            {(p) => <input {...p} inputMode="decimal" value={typed.lon} onChange={(e) => setTyped({ ...typed, lon: e.target.value })} />}
          </Field>
          <Field label={t('intake.lat')}>
            {(p) => <input {...p} inputMode="decimal" value={typed.lat} onChange={(e) => setTyped({ ...typed, lat: e.target.value })} />}
          </Field>
        </div>
        <p className="place" aria-live="polite">
          {area ? t('intake.place', { place: area }) : point && place.loading ? t('common.loading') : ''}
        </p>
        {locationError && <div className="field-error">{locationError}</div>}
        <Field label={t('intake.address')} error={fieldError('location.address')}>
          {(p) => <input {...p} maxLength={500} value={draft.address} onChange={(e) => set({ address: e.target.value })} />}
        </Field>
      </fieldset>

      <div className="card">
        <PhotoInput
          label={t('case.photos.label')}
          value={photos}
          onChange={setPhotos}
          onBusy={setUploading}
          error={fieldError('attachments')}
        />
        <details className="reporter">
          <summary>{t('intake.reporter')}</summary>
          <div className="field-row">
            <Field label={t('intake.reporterName')} error={fieldError('reporter.name')}>
              {(p) => (
                <input {...p} maxLength={100} autoComplete="off" value={draft.name} onChange={(e) => set({ name: e.target.value })} />
              )}
            </Field>
            <Field label={t('intake.reporterPhone')} error={local.phone ?? fieldError('reporter.phone')}>
              {(p) => (
                <input
                  {...p}
                  type="tel"
                  maxLength={20}
                  autoComplete="off"
                  value={draft.phone}
                  onChange={(e) => set({ phone: e.target.value })}
                />
              )}
            </Field>
          </div>
        </details>
      </div>

      <WorkProblem error={error} fields={serverFields} />
      <button type="submit" className="button button-primary submit-wide" disabled={busy || uploading}>
        {busy ? t('case.sending') : t('intake.submit')}
      </button>
    </form>
  );
}

function Reported({ answer, onAnother }: { answer: ReportAnswer; onAnother: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const c = answer.case;
  return (
    <div className="card reported" role="status">
      <h2>{t('intake.done')}</h2>
      <p>
        {t('intake.code')}{' '}
        <Link to={`/cases/${encodeURIComponent(c.id)}`} className="case-code">
          {c.code}
        </Link>{' '}
        <span className={`badge state-${c.state}`}>{t(`caseState.${c.state}`)}</span>
      </p>
      {answer.existing && <p className="notice">{t('intake.existing')}</p>}
      {c.state === 'merged' && c.masterId && (
        <p>
          {t('intake.merged')} <MasterLink id={c.masterId} />
        </p>
      )}
      {answer.duplicates.length > 0 ? (
        <section aria-labelledby="dups-title">
          <h3 id="dups-title">{t('intake.duplicates')}</h3>
          <ul className="duplicates-list">
            {answer.duplicates.map((d) => (
              <li key={d.masterId}>
                {t('case.duplicates.line', {
                  confidence: percent(d.confidence),
                  distance: fmt.number(Math.round(d.distanceM)),
                  hours: fmt.number(Math.round((d.ageMs / 3_600_000) * 10) / 10),
                })}{' '}
                <MasterLink id={d.masterId} />
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="muted">{t('intake.noDuplicates')}</p>
      )}
      <p className="form-actions">
        <button type="button" className="button button-primary" onClick={onAnother}>
          {t('intake.another')}
        </button>
        <Link to="/work" className="button">
          {t('nav.work')}
        </Link>
      </p>
    </div>
  );
}
