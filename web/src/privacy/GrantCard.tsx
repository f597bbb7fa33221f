/** One purpose grant as a card: purpose, phase, what it covers, the case, why, and until when. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Grant } from '../api/privacy-types.ts';
import { useFormat } from '../i18n/format.ts';
import { grantPhase } from './grant-phase.ts';

/** Props for {@link GrantCard}. */
export interface GrantCardProps {
  grant: Grant;
  /** The caller, to say "you" instead of their id. */
  myId: string;
  now: number;
  /** Decision buttons, if the caller may decide it. */
  children?: ReactNode;
}

/** The card. */
export function GrantCard({ grant: g, myId, now, children }: GrantCardProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const phase = grantPhase(g, now);
  const who = (id: string | null) => (id === null ? '—' : id === myId ? t('grants.you') : id);
  const covers =
    g.scope.kind === 'records'
      ? t('grants.coversRecords', { count: g.scope.ids.length, kind: t(`registry.kind.${g.scope.subjectKind}`) })
      : t('grants.coversArea', { path: g.scope.path, kind: t(`registry.kind.${g.scope.subjectKind}`) });
  return (
    <li className="card grant-card" data-grant={g.id} data-phase={phase}>
      <div className="grant-head">
        <strong>{t(`purpose.${g.purpose}`)}</strong>
        <span className={`badge phase-${phase}`}>{t(`grants.phase.${phase}`)}</span>
      </div>
      <dl className="facts">
        <dt>{t('grants.covers')}</dt>
        <dd>{covers}</dd>
        <dt>{t('grants.grantee')}</dt>
        <dd>{who(g.granteeUserId)}</dd>
        <dt>{t('grants.requestedBy')}</dt>
        <dd>
          {who(g.requestedBy)} · {f.dateTime(g.requestedAt)}
        </dd>
        {g.caseId && (
          <>
            <dt>{t('grants.case')}</dt>
            <dd>{g.caseId}</dd>
          </>
        )}
        <dt>{t('grants.reason')}</dt>
        <dd>{g.reason}</dd>
        <dt>{t('grants.until')}</dt>
        <dd>{f.dateTime(g.validUntil)}</dd>
        {g.decidedBy && (
          <>
            <dt>{t('grants.decidedBy')}</dt>
            <dd>
              {who(g.decidedBy)} · {f.dateTime(g.decidedAt)}
              {g.decisionNote ? ` · ${g.decisionNote}` : ''}
            </dd>
          </>
        )}
      </dl>
      {children}
    </li>
  );
}
