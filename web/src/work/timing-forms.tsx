/**
 * The forms that move a case's clock: extensions and their decision, parking, a new deadline,
 * and the evaluation after closing.
 */
import { useTranslation } from 'react-i18next';
import type { TimeLimit } from '../api/types.ts';
import { Field } from '../components/Field.tsx';
import { useFormat } from '../i18n/format.ts';
import { cityInputToMs, msToCityDate } from './time.ts';
import { Choice, DueField, NoteField, optional, required, Shell, useSender, useText, type FormProps, type Local } from './form-kit.tsx';

const LIMIT_UNITS: ReadonlyArray<TimeLimit['unit']> = ['working_days', 'working_hours', 'calendar_hours'];

/** Asking for more time (延期申请): amount, unit, reason. */
export function ExtensionForm(p: FormProps) {
  const { t } = useTranslation();
  const sender = useSender('request_extension', p);
  const [amount, setAmount, clearAmount] = useText(p.c, 'request_extension', 'amount', '1');
  const [unit, setUnit, clearUnit] = useText(p.c, 'request_extension', 'unit', 'working_days');
  const [reason, setReason, clearReason] = useText(p.c, 'request_extension', 'reason');
  const submit = () => {
    const bad: Local = {};
    const n = Number(amount);
    if (!amount.trim() || !Number.isFinite(n) || n <= 0 || n > 1000) bad.extra = t('case.form.amountInvalid');
    const r = required(reason, t('case.form.reasonRequired'), 'reason', bad);
    if (sender.check(bad))
      void sender.send({ extra: { amount: n, unit }, reason: r }, () => {
        clearAmount();
        clearUnit();
        clearReason();
      });
  };
  return (
    <Shell type="request_extension" sender={sender} fields={['extra', 'reason']} onCancel={p.onCancel} onSubmit={submit}>
      <div className="field-row">
        <Field label={t('case.form.amount')} error={sender.fieldError('extra')}>
          {(f) => (
            <input
              {...f}
              name="extra"
              type="number"
              inputMode="decimal"
              min={0.5}
              max={1000}
              step={0.5}
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('case.form.limitUnit')}>
          {(f) => (
            <select {...f} name="unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
              {LIMIT_UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`case.limitUnit.${u}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t('case.form.reason.request_extension')} error={sender.fieldError('reason')}>
        {(f) => <textarea {...f} name="reason" rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
    </Shell>
  );
}

/** Approving or denying a pending extension request. */
export function DecideExtensionForm(p: FormProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const sender = useSender('decide_extension', p);
  const [approve, setApprove, clearApprove] = useText(p.c, 'decide_extension', 'approve');
  const [note, setNote, clearNote] = useText(p.c, 'decide_extension', 'note');
  const ext = p.c.extension;
  const submit = () => {
    const bad: Local = {};
    if (approve !== 'yes' && approve !== 'no') bad.approve = t('case.form.approveRequired');
    if (sender.check(bad))
      void sender.send({ approve: approve === 'yes', ...optional('note', note) }, () => {
        clearApprove();
        clearNote();
      });
  };
  return (
    <Shell type="decide_extension" sender={sender} fields={['approve', 'note']} onCancel={p.onCancel} onSubmit={submit}>
      {ext && (
        <p className="notice">
          {t('case.form.extensionAsked', {
            amount: fmt.number(ext.extra.amount),
            unit: t(`case.limitUnit.${ext.extra.unit}`),
            reason: ext.reason,
            time: fmt.dateTime(ext.requestedAt),
          })}
        </p>
      )}
      <Choice
        legend={t('case.form.approve')}
        name="approve"
        value={approve === 'yes' || approve === 'no' ? approve : ''}
        onChange={setApprove}
        error={sender.fieldError('approve')}
        options={[
          { value: 'yes', label: t('case.form.approveYes') },
          { value: 'no', label: t('case.form.approveNo') },
        ]}
      />
      <NoteField value={note} onChange={setNote} error={sender.fieldError('note')} />
    </Shell>
  );
}

/** Parking a case (挂账): reason and review date. */
export function ParkForm(p: FormProps) {
  const { t } = useTranslation();
  const sender = useSender('park', p);
  const [reason, setReason, clearReason] = useText(p.c, 'park', 'reason');
  const [review, setReview, clearReview] = useText(p.c, 'park', 'reviewAt');
  const submit = () => {
    const bad: Local = {};
    const r = required(reason, t('case.form.reasonRequired'), 'reason', bad);
    const at = cityInputToMs(review);
    if (at === null || at <= Date.now()) bad.reviewAt = t('case.form.futureDateRequired');
    if (sender.check(bad))
      void sender.send({ reason: r, reviewAt: at }, () => {
        clearReason();
        clearReview();
      });
  };
  return (
    <Shell type="park" sender={sender} fields={['reason', 'reviewAt']} onCancel={p.onCancel} onSubmit={submit}>
      <Field label={t('case.form.reason.park')} error={sender.fieldError('reason')}>
        {(f) => <textarea {...f} name="reason" rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <Field label={t('case.form.reviewAt')} error={sender.fieldError('reviewAt')} hint={t('case.form.reviewHint')}>
        {(f) => (
          <input
            {...f}
            name="reviewAt"
            type="date"
            min={msToCityDate(p.c.updatedAt)}
            value={review}
            onChange={(e) => setReview(e.target.value)}
          />
        )}
      </Field>
    </Shell>
  );
}

/** Setting a new deadline for the running step, with a reason. */
export function DeadlineForm(p: FormProps) {
  const { t } = useTranslation();
  const sender = useSender('set_deadline', p);
  const [due, setDue, clearDue] = useText(p.c, 'set_deadline', 'dueAt');
  const [reason, setReason, clearReason] = useText(p.c, 'set_deadline', 'reason');
  const submit = () => {
    const bad: Local = {};
    const at = cityInputToMs(due);
    if (at === null || at <= Date.now()) bad.dueAt = t('case.form.futureTimeRequired');
    const r = required(reason, t('case.form.reasonRequired'), 'reason', bad);
    if (sender.check(bad))
      void sender.send({ dueAt: at, reason: r }, () => {
        clearDue();
        clearReason();
      });
  };
  return (
    <Shell type="set_deadline" sender={sender} fields={['dueAt', 'reason']} onCancel={p.onCancel} onSubmit={submit}>
      <DueField value={due} onChange={setDue} error={sender.fieldError('dueAt')} min={p.c.updatedAt} />
      <Field label={t('case.form.reason.set_deadline')} error={sender.fieldError('reason')}>
        {(f) => <textarea {...f} name="reason" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
    </Shell>
  );
}

/** Rating a closed case's outcome, 1–5 (评价). */
export function EvaluateForm(p: FormProps) {
  const { t } = useTranslation();
  const sender = useSender('evaluate', p);
  const [score, setScore, clearScore] = useText(p.c, 'evaluate', 'satisfaction');
  const [comment, setComment, clearComment] = useText(p.c, 'evaluate', 'comment');
  const submit = () => {
    const bad: Local = {};
    const n = Number(score);
    if (!Number.isInteger(n) || n < 1 || n > 5) bad.satisfaction = t('case.form.satisfactionRequired');
    if (sender.check(bad))
      void sender.send({ satisfaction: n, ...optional('comment', comment) }, () => {
        clearScore();
        clearComment();
      });
  };
  return (
    <Shell type="evaluate" sender={sender} fields={['satisfaction', 'comment']} onCancel={p.onCancel} onSubmit={submit}>
      <Choice
        legend={t('case.form.satisfaction')}
        name="satisfaction"
        value={score}
        onChange={setScore}
        error={sender.fieldError('satisfaction')}
        options={(['1', '2', '3', '4', '5'] as const).map((s) => ({ value: s, label: t(`case.form.score.${s}`) }))}
      />
      <Field label={t('case.form.commentOptional')} error={sender.fieldError('comment')}>
        {(f) => <textarea {...f} name="comment" rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
    </Shell>
  );
}
