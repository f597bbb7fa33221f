/**
 * `/supervision`: the supervision board (督办台) for shift leads and dispatchers — the open
 * supervision orders addressed to centres in their scope, each with its case's light, state and
 * due time, resolved by re-dispatching the case, setting a new deadline, or escalating it again.
 * Resolved orders can be looked back on.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi, supervisionApi } from '../api/endpoints.ts';
import type { Case, SupervisionOrder, SupervisionResolution } from '../api/types.ts';
import { Field } from '../components/Field.tsx';
import { Light } from '../components/Light.tsx';
import { Loading } from '../components/Loading.tsx';
import { useFormat } from '../i18n/format.ts';
import { useLoad } from '../lib/use-load.ts';
import { Link, useNavigate, useSearchParams } from '../router/router.tsx';
import { useDraft } from '../session/drafts.ts';
import { hasRole, useMe } from '../session/session.tsx';
import { DueField } from '../work/case-actions.tsx';
import { useCategoryName } from '../work/catalogue.ts';
import { useWorkProblem, WorkProblem } from '../work/problem.tsx';
import { SUPERVISION_ROLES } from '../work/roles.ts';
import { cityInputToMs } from '../work/time.ts';
import { UnitPicker, useDispatchChoice } from '../work/unit-picker.tsx';
import { UnitName } from '../work/units.tsx';
import '../work/work.css';

type Shown = 'open' | 'resolved';

export default function SupervisionPage() {
  const { t } = useTranslation();
  const me = useMe();
  const params = useSearchParams();
  const navigate = useNavigate();
  const shown: Shown = params.get('state') === 'resolved' ? 'resolved' : 'open';
  const orders = useLoad(() => supervisionApi.list(shown), `${me.user.id}:${shown}`);
  const [done, setDone] = useState<SupervisionResolution['resolution'] | null>(null);
  if (!hasRole(me, ...SUPERVISION_ROLES)) {
    return (
      <section className="supervision">
        <h1>{t('supervision.title')}</h1>
        <p className="empty">{t('supervision.notForRole')}</p>
      </section>
    );
  }
  return (
    <section className="supervision" aria-labelledby="supervision-title">
      <p>
        <Link to="/work">{t('case.back')}</Link>
      </p>
      <div className="page-head">
        <h1 id="supervision-title">{t('supervision.title')}</h1>
        <p className="muted">{t('supervision.intro', { scope: me.scope.name })}</p>
      </div>
      <div className="tabs" role="tablist" aria-label={t('supervision.title')}>
        {(['open', 'resolved'] as const).map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={s === shown}
            onClick={() => navigate(s === 'open' ? '/supervision' : '/supervision?state=resolved', { replace: true })}
          >
            {t(`supervision.${s}`)}
            {s === shown && orders.data && <span className="count">{orders.data.length}</span>}
          </button>
        ))}
        <button type="button" className="link-button refresh" onClick={orders.reload}>
          {t('common.refresh')}
        </button>
      </div>
      {done && (
        <p className="notice notice-ok" role="status">
          {t('supervision.done', { resolution: t(`supervision.resolution.${done}`) })}
        </p>
      )}
      {orders.error ? (
        <WorkProblem error={orders.error} />
      ) : !orders.data ? (
        <Loading />
      ) : orders.data.length === 0 ? (
        <p className="empty">{t(shown === 'open' ? 'supervision.none' : 'supervision.noneResolved')}</p>
      ) : (
        <ul className="orders">
          {orders.data.map((o) => (
            <OrderCard
              key={o.id}
              o={o}
              onResolved={(r) => {
                setDone(r);
                orders.reload();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function OrderCard({ o, onResolved }: { o: SupervisionOrder; onResolved: (r: SupervisionResolution['resolution']) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const categoryName = useCategoryName();
  const loaded = useLoad(() => casesApi.get(o.caseId), `${o.caseId}:${o.id}`);
  const [open, setOpen] = useState<SupervisionResolution['resolution'] | null>(null);
  const c = loaded.data;
  const step = o.step === 'dispatch' || o.step === 'handle' || o.step === 'verify' || o.step === 'close' ? t(`step.${o.step}`) : o.step;
  const level =
    o.toCentreLevel === 'street' || o.toCentreLevel === 'district' || o.toCentreLevel === 'city'
      ? t(`case.centreLevel.${o.toCentreLevel}`)
      : o.toCentreLevel;
  return (
    <li className="card order" aria-label={c ? c.code : o.caseId}>
      <div className="order-head">
        <Light light={c?.status?.light ?? null} />
        <Link to={`/cases/${encodeURIComponent(o.caseId)}`} className="case-code">
          {c ? c.code : o.caseId}
        </Link>
        {c && <span className={`badge state-${c.state}`}>{t(`caseState.${c.state}`)}</span>}
        {c && <span>{categoryName(c.category)}</span>}
      </div>
      <dl className="facts compact">
        <div>
          <dt>{t('supervision.overdueStep')}</dt>
          <dd>{t('supervision.stepWasDue', { step, time: fmt.dateTime(o.stepDueAt) })}</dd>
        </div>
        <div>
          <dt>{t('supervision.raisedAt')}</dt>
          <dd>{fmt.dateTime(o.raisedAt)}</dd>
        </div>
        <div>
          <dt>{t('supervision.to')}</dt>
          <dd>{level}</dd>
        </div>
        {c?.status && (
          <div>
            <dt>{t('supervision.dueNow')}</dt>
            <dd>{t('case.stepDue', { step: t(`step.${c.status.step}`), time: fmt.dateTime(c.status.dueAt) })}</dd>
          </div>
        )}
        {c?.unitId && (
          <div>
            <dt>{t('case.unit')}</dt>
            <dd>
              <UnitName id={c.unitId} />
            </dd>
          </div>
        )}
        {o.state === 'resolved' && o.resolution && (
          <div>
            <dt>{t('supervision.resolvedAs')}</dt>
            <dd>
              {t(`supervision.resolution.${o.resolution}`)} · {fmt.dateTime(o.resolvedAt)}
              {o.note ? ` · ${o.note}` : ''}
            </dd>
          </div>
        )}
      </dl>
      {c?.location.address && <p className="muted">{c.location.address}</p>}
      {loaded.error ? <WorkProblem error={loaded.error} /> : null}
      {o.state === 'open' && c && (
        <>
          <div className="action-buttons">
            {(['redispatch', 'new_deadline', 'escalate'] as const).map((r) => (
              <button key={r} type="button" className="button" aria-expanded={open === r} onClick={() => setOpen(open === r ? null : r)}>
                {t(`supervision.resolution.${r}`)}
              </button>
            ))}
          </div>
          {open && <ResolveForm key={open} o={o} c={c} resolution={open} onCancel={() => setOpen(null)} onDone={() => onResolved(open)} />}
        </>
      )}
    </li>
  );
}

function ResolveForm({
  o,
  c,
  resolution,
  onCancel,
  onDone,
}: {
  o: SupervisionOrder;
  c: Case;
  resolution: SupervisionResolution['resolution'];
  onCancel: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const problem = useWorkProblem();
  const choice = useDispatchChoice(c);
  const [unitId, setUnitId, clearUnit] = useDraft(`supervision:${o.id}:unit`, '');
  const [due, setDue, clearDue] = useDraft(`supervision:${o.id}:due`, '');
  const [note, setNote, clearNote] = useDraft(`supervision:${o.id}:${resolution}:note`, '');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const chosen = unitId || choice.data?.suggested?.id || '';
  const fieldError = (name: string) => local[name] ?? problem.field(error, name);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const bad: Record<string, string> = {};
    let body: SupervisionResolution | null = null;
    const n = note.trim();
    if (resolution === 'redispatch') {
      if (!chosen) bad.unitId = t('case.dispatch.unitRequired');
      else body = { resolution, unitId: chosen, ...(n ? { note: n } : {}) };
    } else if (resolution === 'new_deadline') {
      const at = cityInputToMs(due);
      if (at === null || at <= Date.now()) bad.dueAt = t('case.form.futureTimeRequired');
      if (!n) bad.note = t('case.form.reasonRequired');
      if (at !== null && n) body = { resolution, dueAt: at, note: n };
    } else {
      if (!n) bad.note = t('case.form.reasonRequired');
      else body = { resolution, note: n };
    }
    setLocal(bad);
    if (Object.keys(bad).length > 0 || !body) return;
    setBusy(true);
    setError(null);
    try {
      await supervisionApi.resolve(o.id, body);
      clearUnit();
      clearDue();
      clearNote();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const label = t(`supervision.resolution.${resolution}`);
  return (
    <form className="command-form" onSubmit={(e) => void submit(e)} noValidate aria-label={label}>
      {resolution === 'redispatch' &&
        (choice.error ? (
          <WorkProblem error={choice.error} />
        ) : !choice.data ? (
          <Loading />
        ) : (
          <UnitPicker
            choice={choice.data}
            unitId={chosen}
            onUnit={setUnitId}
            overrideReason=""
            onOverrideReason={() => undefined}
            askOverride={false}
            unitError={fieldError('unitId')}
          />
        ))}
      {resolution === 'new_deadline' && <DueField value={due} onChange={setDue} error={fieldError('dueAt')} min={o.raisedAt} />}
      <Field label={t(resolution === 'redispatch' ? 'supervision.noteOptional' : 'supervision.note')} error={fieldError('note')}>
        {(p) => <textarea {...p} name="note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <WorkProblem error={error} fields={['unitId', 'dueAt', 'note']} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('case.sending') : t('case.confirm', { action: label })}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('case.cancel')}
        </button>
      </div>
    </form>
  );
}
