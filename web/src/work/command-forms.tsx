/**
 * One form per case command (file, reject, dispatch, handle, verify, extensions, park, deadline,
 * evaluate …), each checking its input before sending; built from form-kit.tsx.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { Loading } from '../components/Loading.tsx';
import { useDraft } from '../session/drafts.ts';
import type { CaseCommandName } from './actions.ts';
import { PhotoInput } from './photos.tsx';
import { WorkProblem } from './problem.tsx';
import { needsOverride, UnitPicker, useDispatchChoice } from './unit-picker.tsx';
import { Choice, NoteField, optional, required, Shell, useSender, useText, type FormProps, type Local } from './form-kit.tsx';
import { DecideExtensionForm, DeadlineForm, EvaluateForm, ExtensionForm, ParkForm } from './timing-forms.tsx';

/** The form of one command, chosen by its type. */
export function CommandForm({ type, ...p }: FormProps & { type: CaseCommandName }) {
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
