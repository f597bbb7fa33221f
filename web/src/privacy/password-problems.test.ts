import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { passwordProblems } from './password-problems.ts';

/** A refusal shaped as the platform sends it: the field named, the sentences joined. */
const refusal = (code: string, message: string) =>
  new ApiError(400, code, message, {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    code,
    detail: message,
    field: 'body.newPassword',
  });

describe('password policy problems', () => {
  it('names each policy sentence the platform joined into one message', () => {
    const all =
      'The password must be at least 10 characters long. The password must mix at least three of: lower-case letters, upper-case letters, digits, symbols. The password must not contain the username.';
    expect(passwordProblems(refusal('PASSWORD_POLICY', all))).toEqual(['tooShort', 'tooFewClasses', 'containsUsername']);
    expect(passwordProblems(refusal('PASSWORD_POLICY', 'The password must not contain the username.'))).toEqual(['containsUsername']);
  });
  it('a reused password is its own problem; a wrong current password is none of them', () => {
    expect(passwordProblems(refusal('PASSWORD_REUSED', 'must differ from the current password and the 5 before it'))).toEqual(['reused']);
    expect(passwordProblems(refusal('WRONG_PASSWORD', 'wrong password'))).toEqual([]);
  });
});
