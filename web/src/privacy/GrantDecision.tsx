/**
 * A shift lead's or administrator's decision on a grant: approve or deny a request (denying
 * needs a reason), revoke an approved one. The platform refuses deciding one's own grant.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { grantsApi } from '../api/privacy-endpoints.ts';
import type { Grant } from '../api/privacy-types.ts';
import { Field } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';

/** Props for {@link GrantDecision}. */
export interface GrantDecisionProps {
  grant: Grant;
  /** The grant as the platform answered after the decision. */
  onDecided: (grant: Grant) => void;
}

/** The note and the buttons that fit the grant's status. */
export function GrantDecision({ grant, onDecided }: GrantDecisionProps) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (grant.status !== 'requested' && grant.status !== 'approved') return null;

  const act = async (verb: 'approve' | 'deny' | 'revoke') => {
    const text = note.trim();
    if (verb === 'deny' && !text) {
      setNoteError(t('grants.denyNeedsReason'));
      return;
    }
    setNoteError(null);
    setError(null);
    setBusy(true);
    try {
      const answer =
        verb === 'approve'
          ? await grantsApi.approve(grant.id, text || undefined)
          : verb === 'deny'
            ? await grantsApi.deny(grant.id, text)
            : await grantsApi.revoke(grant.id, text || undefined);
      setNote('');
      onDecided(answer);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="grant-decision">
      <Field label={t('grants.note')} error={noteError}>
        {(p) => <input {...p} name="note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <ProblemMessage error={error} />
      <div className="form-actions">
        {grant.status === 'requested' ? (
          <>
            <button type="button" className="button" disabled={busy} onClick={() => void act('deny')}>
              {t('grants.deny')}
            </button>
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void act('approve')}>
              {t('grants.approve')}
            </button>
          </>
        ) : (
          <button type="button" className="button" disabled={busy} onClick={() => void act('revoke')}>
            {t('grants.revoke')}
          </button>
        )}
      </div>
    </div>
  );
}
