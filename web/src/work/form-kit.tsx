/**
 * The pieces every case command form is built from: sending a command (busy flag, refusal,
 * the 409 hand-off), drafts of typed text, the form shell, local checks, and shared fields.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { casesApi } from '../api/endpoints.ts';
import type { Case } from '../api/types.ts';
import { Field } from '../components/Field.tsx';
import { useDraft } from '../session/drafts.ts';
import type { CaseCommandName } from './actions.ts';
import { useWorkProblem, WorkProblem } from './problem.tsx';
import { msToCityInput } from './time.ts';

/** What the page does when a form is done or finds the case changed under it. */
export interface ActionHooks {
  /** The command went through: reload the case and say so. */
  onDone: (type: CaseCommandName) => void;
  /** 409 CASE_VERSION_CONFLICT: reload the case and say it changed. */
  onConflict: () => void;
}

export interface FormProps extends ActionHooks {
  c: Case;
  onCancel: () => void;
}

/** Field errors of the form's own checks. */
export type Local = Record<string, string>;

/** Sending one command: busy flag, the refusal, and the 409 hand-off. */
export function useSender(type: CaseCommandName, { c, onDone, onConflict }: FormProps) {
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
export function useText(c: Case, type: CaseCommandName, field: string, initial = '') {
  return useDraft<string>(`cmd:${c.id}:${type}:${field}`, initial);
}

/** A command form's frame: title, fields, the refusal, send and cancel buttons. */
export function Shell({
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
export function required(value: string, message: string, name: string, into: Local): string {
  const v = value.trim();
  if (!v) into[name] = message;
  return v;
}

/** An optional text: trimmed, or left out. */
export function optional(name: string, value: string): Record<string, string> {
  const v = value.trim();
  return v ? { [name]: v } : {};
}

// ——— the forms ———

/** An optional (or required) note for the timeline. */
export function NoteField({
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

/** A choice between a few values shown as radio buttons. */
export function Choice<V extends string>({
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
