/**
 * The password policy's refusals, as keys the app translates. The platform names the field
 * (`newPassword`) and gives one English sentence per problem (src/directory/password.ts's
 * PASSWORD_PROBLEM_LABELS); the page shows each problem in the language shown. Pure.
 */
import type { ApiError } from '../api/client.ts';

/** One reason a new password was refused. */
export type PasswordProblemKey = 'tooShort' | 'tooFewClasses' | 'containsUsername' | 'reused';

// Each policy sentence's distinctive words (they are the server's stable English labels).
const POLICY_SENTENCES: ReadonlyArray<readonly [PasswordProblemKey, RegExp]> = [
  ['tooShort', /at least \d+ characters/i],
  ['tooFewClasses', /at least three of/i],
  ['containsUsername', /must not contain the username/i],
];

/**
 * The problems a refusal of `newPassword` names; empty when the error is about something else
 * (a wrong current password, the rate limit), which the page shows as it is.
 * @example passwordProblems(new ApiError(400, 'PASSWORD_REUSED', '…')) // ['reused']
 */
export function passwordProblems(error: Pick<ApiError, 'code' | 'message' | 'messageFor'>): PasswordProblemKey[] {
  if (error.code === 'PASSWORD_REUSED') return ['reused'];
  if (error.code !== 'PASSWORD_POLICY') return [];
  const text = error.messageFor('newPassword') ?? error.message;
  return POLICY_SENTENCES.filter(([, re]) => re.test(text)).map(([key]) => key);
}
