/**
 * The case page's actions (办理): one button per command the signed-in user may give in the
 * case's state (actions.ts mirrors the server's guards; the server decides), each opening its
 * form. Every form checks its input before sending, sends the case version it was loaded at, shows
 * the server's refusal next to the field it names, and on 409 CASE_VERSION_CONFLICT asks the page
 * to reload (the page says so). What is typed is kept as a draft until it has been sent.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { casesApi } from '../api/endpoints.ts';
import type { Case, TimeLimit } from '../api/types.ts';
import { Field } from '../components/Field.tsx';
import { Loading } from '../components/Loading.tsx';
import { useFormat } from '../i18n/format.ts';
import { useDraft } from '../session/drafts.ts';
import { useMe } from '../session/session.tsx';
import { actorOf, MAIN_COMMANDS, offeredCommands, type CaseCommandName } from './actions.ts';
import { PhotoInput } from './photos.tsx';
import { useWorkProblem, WorkProblem } from './problem.tsx';
import { cityInputToMs, msToCityDate, msToCityInput } from './time.ts';
import { needsOverride, UnitPicker, useDispatchChoice } from './unit-picker.tsx';

/** What the page does when a form is done or finds the case changed under it. */
export interface ActionHooks {
  /** The command went through: reload the case and say so. */
  onDone: (type: CaseCommandName) => void;
  /** 409 CASE_VERSION_CONFLICT: reload the case and say it changed. */
  onConflict: () => void;
}

/** The actions panel; nothing when the user may give no command in this state. */
export function CaseActions({ c, onDone, onConflict }: { c: Case } & ActionHooks) {
  const { t } = useTranslation();
  const me = useMe();
  const offered = offeredCommands(c, actorOf(me));
  const [open, setOpen] = useState<CaseCommandName | null>(null);
  if (offered.length === 0) return null;
  const current = open !== null && offered.includes(open) ? open : null;
  const props: FormProps = {
    c,
    onDone: (type) => {
      setOpen(null);
      onDone(type);
    },
    onConflict,
    onCancel: () => setOpen(null),
  };
  return (
    <section className="card case-actions" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('case.actions')}</h2>
      <div className="action-buttons">
        {offered.map((type) => (
          <button
            key={type}
            type="button"
            className={MAIN_COMMANDS.has(type) ? 'button button-primary' : 'button'}
            aria-expanded={current === type}
            aria-controls={current === type ? `form-${type}` : undefined}
            onClick={() => setOpen(current === type ? null : type)}
          >
            {t(`case.cmd.${type}`)}
          </button>
        ))}
      </div>
      {current && (
        <div id={`form-${current}`}>
          <CommandForm key={`${current}:${c.version}`} type={current} {...props} />
        </div>
      )}
    </section>
  );
}

interface FormProps extends ActionHooks {
  c: Case;
  onCancel: () => void;
}

function CommandForm({ type, ...p }: FormProps & { type: CaseCommandName }) {
  switch (type) {
    case 'file':
      return <FileForm {...p} />;
    case 'reject':
    case 'void':
    case 'return':
    case 'reopen':
    case 'escalate':
      return <ReasonForm type={type} {...p} />;
    case 'dispatch':
      return <DispatchForm {...p} />;
    case 'accept':
    case 'close':
    case 'resume':
      return <NoteForm type={type} {...p} />;
    case 'handle':
      return <HandleForm {...p} />;
    case 'verify':
      return <VerifyForm {...p} />;
    case 'request_extension':
      return <ExtensionForm {...p} />;
    case 'decide_extension':
      return <DecideExtensionForm {...p} />;
    case 'park':
      return <ParkForm {...p} />;
    case 'set_deadline':
      return <DeadlineForm {...p} />;
    case 'evaluate':
      return <EvaluateForm {...p} />;
  }
}

/** Field errors of the form's own checks. */
type Local = Record<string, string>;

/** Sending one command: busy flag, the refusal, and the 409 hand-off. */
function useSender(type: CaseCommandName, { c, onDone, onConflict }: FormProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<Local>({});
  const problem = useWorkProblem();
  return {
    busy,
    error,
    /** Drops the form's own message for a field once it is edited. */
    forget(name: string) {
      if (name in local) {
        const { [name]: _gone, ...rest } = local;
        setLocal(rest);
      }
    },
    /** The message to show under field `name`: the form's own check first, then the server's. */
    fieldError: (name: string) => local[name] ?? problem.field(error, name),
    /** Runs the form's checks; false (and the messages shown) when something is missing. */
    check(found: Local): boolean {
      setLocal(found);
      if (Object.keys(found).length > 0) setError(null);
      return Object.keys(found).length === 0;
    },
    async send(body: Record<string, unknown>, clear: () => void) {
      setBusy(true);
      setError(null);
      try {
        await casesApi.command(c.id, { type, version: c.version, ...body });
        clear();
        onDone(type);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'CASE_VERSION_CONFLICT') onConflict();
        else setError(e);
      } finally {
        setBusy(false);
      }
    },
  };
}

/** A text draft of one form field, per case and command. */
function useText(c: Case, type: CaseCommandName, field: string, initial = '') {
  return useDraft<string>(`cmd:${c.id}:${type}:${field}`, initial);
}

function Shell({
  type,
  sender,
  fields,
  onSubmit,
  onCancel,
  children,
  uploading = false,
}: {
  type: CaseCommandName;
  sender: ReturnType<typeof useSender>;
  fields: readonly string[];
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
  uploading?: boolean;
}) {
  const { t } = useTranslation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!sender.busy && !uploading) onSubmit();
  };
  return (
    <form
      className="command-form"
      onSubmit={submit}
      onChange={(e) => {
        const target = e.target as EventTarget;
        if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
          sender.forget(target.name);
      }}
      noValidate
      aria-label={t(`case.cmd.${type}`)}
    >
      {children}
      <WorkProblem error={sender.error} fields={fields} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={sender.busy || uploading}>
          {sender.busy ? t('case.sending') : t('case.confirm', { action: t(`case.cmd.${type}`) })}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('case.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A required text. */
function required(value: string, message: string, name: string, into: Local): string {
  const v = value.trim();
  if (!v) into[name] = message;
  return v;
}

/** An optional text: trimmed, or left out. */
function optional(name: string, value: string): Record<string, string> {
  const v = value.trim();
  return v ? { [name]: v } : {};
}

// ——— the forms ———

function FileForm(p: FormProps) {
  const { t } = useTranslation();
  const sender = useSender('file', p);
  const [urgency, setUrgency, clearUrgency] = useText(p.c, 'file', 'urgency', p.c.urgency);
  const [note, setNote, clearNote] = useText(p.c, 'file', 'note');
  return (
    <Shell
      type="file"
      sender={sender}
      fields={['urgency', 'note', 'category']}
      onCancel={p.onCancel}
      onSubmit={() =>
        void sender.send({ urgency, ...optional('note', note) }, () => {
          clearUrgency();
          clearNote();
        })
      }
    >
      <Field label={t('case.form.urgency')} error={sender.fieldError('urgency')}>
        {(f) => (
          <select {...f} value={urgency} onChange={(e) => setUrgency(e.target.value)}>
            {(['normal', 'high', 'urgent'] as const).map((u) => (
              <option key={u} value={u}>
                {t(`urgency.${u}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <NoteField value={note} onChange={setNote} error={sender.fieldError('note')} />
    </Shell>
  );
}

function NoteField({
  value,
  onChange,
  error,
  label,
}: {
  value: string;
  onChange: (v: string) => void;
  error: string | null;
  label?: string;
}) {
  const { t } = useTranslation();
  return (
    <Field label={label ?? t('case.form.noteOptional')} error={error}>
      {(f) => <textarea {...f} name="note" rows={2} maxLength={2000} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

function NoteForm({ type, ...p }: FormProps & { type: 'accept' | 'close' | 'resume' }) {
  const sender = useSender(type, p);
  const [note, setNote, clearNote] = useText(p.c, type, 'note');
  return (
    <Shell
      type={type}
      sender={sender}
      fields={['note']}
      onCancel={p.onCancel}
      onSubmit={() => void sender.send(optional('note', note), clearNote)}
    >
      <NoteField value={note} onChange={setNote} error={sender.fieldError('note')} />
    </Shell>
  );
}

function ReasonForm({ type, ...p }: FormProps & { type: 'reject' | 'void' | 'return' | 'reopen' | 'escalate' }) {
  const { t } = useTranslation();
  const sender = useSender(type, p);
  const [reason, setReason, clearReason] = useText(p.c, type, 'reason');
  const submit = () => {
    const bad: Local = {};
    const r = required(reason, t('case.form.reasonRequired'), 'reason', bad);
    if (sender.check(bad)) void sender.send({ reason: r }, clearReason);
  };
  return (
    <Shell type={type} sender={sender} fields={['reason']} onCancel={p.onCancel} onSubmit={submit}>
      {type === 'escalate' && <p className="muted">{t('case.form.escalateHint')}</p>}
      <Field label={t(`case.form.reason.${type}`)} error={sender.fieldError('reason')}>
        {(f) => <textarea {...f} name="reason" rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
    </Shell>
  );
}

function DispatchForm(p: FormProps) {
  const { t } = useTranslation();
  const sender = useSender('dispatch', p);
  const choice = useDispatchChoice(p.c);
  // '' until chosen: the suggestion is preselected once the list has loaded.
  const [picked, setPicked, clearPicked] = useText(p.c, 'dispatch', 'unitId');
  const [override, setOverride, clearOverride] = useText(p.c, 'dispatch', 'overrideReason');
  const [note, setNote, clearNote] = useText(p.c, 'dispatch', 'note');
  if (choice.error) return <WorkProblem error={choice.error} />;
  if (!choice.data) return <Loading />;
  const data = choice.data;
  const unitId = picked || data.suggested?.id || '';
  const submit = () => {
    const bad: Local = {};
    if (!unitId) bad.unitId = t('case.dispatch.unitRequired');
    const reason = needsOverride(data, unitId) ? required(override, t('case.dispatch.overrideRequired'), 'overrideReason', bad) : '';
    if (!sender.check(bad)) return;
    void sender.send({ unitId, ...(reason ? { overrideReason: reason } : {}), ...optional('note', note) }, () => {
      clearPicked();
      clearOverride();
      clearNote();
    });
  };
  return (
    <Shell type="dispatch" sender={sender} fields={['unitId', 'overrideReason', 'note']} onCancel={p.onCancel} onSubmit={submit}>
      <UnitPicker
        choice={data}
        unitId={unitId}
        onUnit={setPicked}
        overrideReason={override}
        onOverrideReason={setOverride}
        unitError={sender.fieldError('unitId')}
        overrideError={sender.fieldError('overrideReason')}
      />
      <NoteField value={note} onChange={setNote} error={sender.fieldError('note')} />
    </Shell>
  );
}

function HandleForm(p: FormProps) {
  const { t } = useTranslation();
  const sender = useSender('handle', p);
  const [result, setResult, clearResult] = useText(p.c, 'handle', 'result');
  const [photos, setPhotos, clearPhotos] = useDraft<string[]>(`cmd:${p.c.id}:handle:photos`, []);
  const [uploading, setUploading] = useState(false);
  const submit = () => {
    const bad: Local = {};
    const r = required(result, t('case.form.resultRequired'), 'result', bad);
    if (sender.check(bad))
      void sender.send({ result: r, ...(photos.length ? { attachments: photos } : {}) }, () => {
        clearResult();
        clearPhotos();
      });
  };
  return (
    <Shell type="handle" sender={sender} fields={['result', 'attachments']} onCancel={p.onCancel} onSubmit={submit} uploading={uploading}>
      <Field label={t('case.form.result')} error={sender.fieldError('result')}>
        {(f) => <textarea {...f} name="result" rows={4} maxLength={4000} value={result} onChange={(e) => setResult(e.target.value)} />}
      </Field>
      <PhotoInput
        label={t('case.form.photosAfter')}
        value={photos}
        onChange={setPhotos}
        onBusy={setUploading}
        error={sender.fieldError('attachments')}
      />
    </Shell>
  );
}

function Choice<V extends string>({
  legend,
  name,
  options,
  value,
  onChange,
  error,
}: {
  legend: string;
  name: string;
  options: ReadonlyArray<{ value: V; label: string }>;
  value: V | '';
  onChange: (v: V) => void;
  error: string | null;
}) {
  return (
    <fieldset className={error ? 'choice field-invalid' : 'choice'} aria-invalid={Boolean(error)}>
      <legend>{legend}</legend>
      <div className="choice-options">
        {options.map((o) => (
          <label key={o.value}>
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {error && <div className="field-error">{error}</div>}
    </fieldset>
  );
}

function VerifyForm(p: FormProps) {
  const { t } = useTranslation();
  const sender = useSender('verify', p);
  const [passed, setPassed, clearPassed] = useText(p.c, 'verify', 'passed');
  const [note, setNote, clearNote] = useText(p.c, 'verify', 'note');
  const [photos, setPhotos, clearPhotos] = useDraft<string[]>(`cmd:${p.c.id}:verify:photos`, []);
  const [uploading, setUploading] = useState(false);
  const submit = () => {
    const bad: Local = {};
    if (passed !== 'yes' && passed !== 'no') bad.passed = t('case.form.passedRequired');
    const n = required(note, t('case.form.verifyNoteRequired'), 'note', bad);
    if (sender.check(bad))
      void sender.send({ passed: passed === 'yes', note: n, ...(photos.length ? { attachments: photos } : {}) }, () => {
        clearPassed();
        clearNote();
        clearPhotos();
      });
  };
  return (
    <Shell
      type="verify"
      sender={sender}
      fields={['passed', 'note', 'attachments']}
      onCancel={p.onCancel}
      onSubmit={submit}
      uploading={uploading}
    >
      <Choice
        legend={t('case.form.passed')}
        name="passed"
        value={passed === 'yes' || passed === 'no' ? passed : ''}
        onChange={setPassed}
        error={sender.fieldError('passed')}
        options={[
          { value: 'yes', label: t('case.form.passedYes') },
          { value: 'no', label: t('case.form.passedNo') },
        ]}
      />
      <NoteField label={t('case.form.verifyNote')} value={note} onChange={setNote} error={sender.fieldError('note')} />
      <PhotoInput
        label={t('case.form.photosCheck')}
        value={photos}
        onChange={setPhotos}
        onBusy={setUploading}
        error={sender.fieldError('attachments')}
      />
    </Shell>
  );
}

const LIMIT_UNITS: ReadonlyArray<TimeLimit['unit']> = ['working_days', 'working_hours', 'calendar_hours'];

function ExtensionForm(p: FormProps) {
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

function DecideExtensionForm(p: FormProps) {
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

function ParkForm(p: FormProps) {
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

function DeadlineForm(p: FormProps) {
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

/** A new due time, typed in the city's time. */
export function DueField({
  value,
  onChange,
  error,
  min,
}: {
  value: string;
  onChange: (v: string) => void;
  error: string | null;
  min: number;
}) {
  const { t } = useTranslation();
  return (
    <Field label={t('case.form.dueAt')} error={error} hint={t('case.form.cityTime')}>
      {(f) => (
        <input
          {...f}
          name="dueAt"
          type="datetime-local"
          min={msToCityInput(min)}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

function EvaluateForm(p: FormProps) {
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
