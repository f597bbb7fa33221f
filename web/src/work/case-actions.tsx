/**
 * The case page's actions (办理): one button per command the signed-in user may give in the
 * case's state (actions.ts mirrors the server's guards; the server decides), each opening its
 * form. Every form checks its input before sending, sends the case version it was loaded at, shows
 * the server's refusal next to the field it names, and on 409 CASE_VERSION_CONFLICT asks the page
 * to reload (the page says so). What is typed is kept as a draft until it has been sent.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Case } from '../api/types.ts';
import { useMe } from '../session/session.tsx';
import { actorOf, MAIN_COMMANDS, offeredCommands, type CaseCommandName } from './actions.ts';
import { CommandForm } from './command-forms.tsx';
import type { ActionHooks, FormProps } from './form-kit.tsx';

export type { ActionHooks };
export { DueField } from './form-kit.tsx';

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
