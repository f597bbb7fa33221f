/**
 * `/report` 我要报事: a citizen reports a problem without signing in, on a phone first. The
 * category by search (the public catalogue), the place by tapping the map of the city's
 * districts or the phone's position, up to three photos (checked in the page, EXIF stripped by
 * the server), the description with a counter, an optional contact with what happens to it
 * said plainly; open reports near the place are listed before sending, so a problem already
 * being handled need not be reported twice. The server's problems show beside their fields; a
 * 429 says how long to wait. After sending: the follow token, large, with its link.
 */
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { placeApi } from '../api/endpoints.ts';
import { portalApi, publicDistrictPolygons } from '../api/public-endpoints.ts';
import type { Submission } from '../api/public-types.ts';
import { Field } from '../components/Field.tsx';
import { Loading } from '../components/Loading.tsx';
import { useHere } from '../lib/use-here.ts';
import { useLoad } from '../lib/use-load.ts';
import { ContactFields } from '../portal/ContactFields.tsx';
import { NearbyReports } from '../portal/NearbyReports.tsx';
import { PortalProblem, usePortalProblem } from '../portal/problem.tsx';
import { PublicPhotoInput, type PickedPhoto } from '../portal/PublicPhotoInput.tsx';
import {
  checkReport,
  descriptionLength,
  EMPTY_CONTENT,
  MAX_DESCRIPTION,
  pointOf,
  reportBody,
  type ReportContent,
  type ReportDraft,
} from '../portal/report-model.ts';
import { Submitted } from '../portal/Submitted.tsx';
import { useDraft } from '../session/drafts.ts';
import { CategoryPicker } from '../work/category-picker.tsx';
import '../work/work.css';
import '../portal/portal.css';

const PickMap = lazy(() => import('../work/pick-map.tsx'));

const NO_POINT = { lon: '', lat: '' };

/** The fields the server may name (the rest is said in a banner). */
const SERVER_FIELDS = ['category', 'description', 'lon', 'lat', 'location', 'address', 'photos', 'contact'];

export default function ReportPage() {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<Submission | null>(null);
  return (
    <section className="portal report" aria-labelledby="report-title">
      <h1 id="report-title">{t('portal.report.title')}</h1>
      {answer ? (
        <Submitted answer={answer} onAnother={() => setAnswer(null)} />
      ) : (
        <>
          <p className="portal-intro">{t('portal.report.intro')}</p>
          <ReportForm onSent={setAnswer} />
        </>
      )}
    </section>
  );
}

function ReportForm({ onSent }: { onSent: (a: Submission) => void }) {
  const { t } = useTranslation();
  const problem = usePortalProblem();
  // A draft in sessionStorage: a reload or a slip of the back button keeps what was typed.
  const [fields, setFields, clearFields] = useDraft<ReportContent>('portal-report', EMPTY_CONTENT);
  // The place is its own draft, so a late GPS fix cannot undo typing elsewhere.
  const [typed, setTyped, clearTyped] = useDraft<{ lon: string; lat: string }>('portal-report:point', NO_POINT);
  const draft: ReportDraft = { ...fields, ...typed };
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [uploading, setUploading] = useState(false);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ReportContent>) => setFields({ ...fields, ...patch });

  const point = pointOf(draft);
  const place = useLoad(async () => (point ? placeApi.locate(point.lon, point.lat) : null), point ? `${point.lon},${point.lat}` : '');
  const pick = (lon: number, lat: number) => setTyped({ lon: lon.toFixed(6), lat: lat.toFixed(6) });
  const [locating, here] = useHere(pick);

  // Checked live once a send was tried, so a message goes away as soon as the field is right.
  const local = tried ? checkReport(draft) : {};
  const localText = (name: keyof typeof local) => (local[name] ? t(`portal.report.check.${local[name]}`) : null);
  const fieldError = (name: 'category' | 'description' | 'address' | 'photos') =>
    (name === 'category' || name === 'description' ? localText(name) : null) ?? problem.field(error, name);
  const outside = place.error instanceof ApiError && place.error.status === 404;
  const locationError =
    localText('location') ??
    problem.field(error, 'lon') ??
    problem.field(error, 'lat') ??
    problem.field(error, 'location') ??
    (outside ? t('portal.report.outside') : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || uploading) return;
    setTried(true);
    const body = reportBody(
      draft,
      photos.map((p) => p.id),
    );
    if (!body) {
      setError(null);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await portalApi.submit(body);
      clearFields();
      clearTyped();
      setPhotos([]);
      onSent(answer);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const chain = place.data?.filter((j) => j.level !== 'city').map((j) => j.name) ?? [];
  const count = descriptionLength(draft.description);
  return (
    <form className="report-form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="card">
        <CategoryPicker value={draft.category} onChange={(category) => set({ category })} error={fieldError('category')} />
      </div>

      <fieldset className={locationError ? 'card location field-invalid' : 'card location'}>
        <legend>{t('portal.report.location')}</legend>
        <p className="muted">{t('portal.report.mapHint')}</p>
        <Suspense fallback={<Loading />}>
          <PickMap level="district" value={point} onPick={pick} polygons={publicDistrictPolygons} />
        </Suspense>
        <div className="location-tools">
          <button type="button" className="button" onClick={here} disabled={locating === 'busy'}>
            {locating === 'busy' ? t('intake.locating') : t('portal.report.here')}
          </button>
          {locating === 'failed' && <span className="field-error">{t('portal.report.hereFailed')}</span>}
        </div>
        <details className="typed-point">
          <summary>{t('portal.report.typePoint')}</summary>
          <div className="field-row">
            <Field label={t('intake.lon')}>
              {(p) => <input {...p} inputMode="decimal" value={draft.lon} onChange={(e) => setTyped({ ...typed, lon: e.target.value })} />}
            </Field>
            <Field label={t('intake.lat')}>
              {(p) => <input {...p} inputMode="decimal" value={draft.lat} onChange={(e) => setTyped({ ...typed, lat: e.target.value })} />}
            </Field>
          </div>
        </details>
        <p className="place" aria-live="polite">
          {chain.length > 0 ? t('intake.place', { place: chain.join(' › ') }) : point && place.loading ? t('common.loading') : ''}
        </p>
        {locationError && <div className="field-error">{locationError}</div>}
        <Field label={t('portal.report.address')} error={fieldError('address')} hint={t('portal.report.addressHint')}>
          {(p) => <input {...p} maxLength={500} value={draft.address} onChange={(e) => set({ address: e.target.value })} />}
        </Field>
      </fieldset>

      <NearbyReports point={point} category={draft.category} />

      <div className="card">
        <Field label={t('portal.report.description')} error={fieldError('description')}>
          {(p) => (
            <textarea
              {...p}
              rows={5}
              value={draft.description}
              placeholder={t('portal.report.descriptionPlaceholder')}
              onChange={(e) => set({ description: e.target.value })}
            />
          )}
        </Field>
        <p className={count > MAX_DESCRIPTION ? 'counter field-error' : 'counter muted'} aria-live="polite">
          {t('portal.report.counter', { count, max: MAX_DESCRIPTION })}
        </p>
        <PublicPhotoInput value={photos} onChange={setPhotos} onBusy={setUploading} error={fieldError('photos')} />
      </div>

      <ContactFields
        value={draft}
        onChange={set}
        error={(name) => (name === 'phone' || name === 'email' ? localText(name) : null) ?? problem.field(error, `contact.${name}`)}
      />

      <PortalProblem error={error} fields={SERVER_FIELDS} />
      <button type="submit" className="button button-primary submit-wide" disabled={busy || uploading}>
        {busy ? t('case.sending') : t('portal.report.submit')}
      </button>
    </form>
  );
}
