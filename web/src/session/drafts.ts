/**
 * Drafts: what someone is typing, kept in sessionStorage on every change, so a form survives an
 * expired session (the trip to sign-in and back), a reload or a slip of the back button. Cleared
 * once the form is sent. Never use for passwords.
 */
import { useCallback, useState } from 'react';

const PREFIX = 'cityops.draft.';

/** Reads a draft; `fallback` when there is none or it cannot be read. */
export function readDraft<T>(key: string, fallback: T): T {
  try {
    const raw = window.sessionStorage.getItem(PREFIX + key);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}

/** Saves a draft (a full storage is not an error: the draft is a convenience). */
export function writeDraft(key: string, value: unknown): void {
  try {
    window.sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // ignore: private mode or quota
  }
}

/** Forgets a draft. */
export function clearDraft(key: string): void {
  try {
    window.sessionStorage.removeItem(PREFIX + key);
  } catch {
    // ignore
  }
}

/**
 * State that is also a draft under `key`.
 * @example const [note, setNote, clearNote] = useDraft(`comment:${id}`, '');
 */
export function useDraft<T>(key: string, initial: T): [T, (value: T) => void, () => void] {
  const [value, setValue] = useState<T>(() => readDraft(key, initial));
  const set = useCallback(
    (v: T) => {
      setValue(v);
      writeDraft(key, v);
    },
    [key],
  );
  const clear = useCallback(() => {
    setValue(initial);
    clearDraft(key);
  }, [key, initial]);
  return [value, set, clear];
}
