import { describe, expect, it } from 'vitest';
import { auditQuery, EMPTY_AUDIT_FORM } from './audit-query.ts';

describe('the audit search query', () => {
  it('leaves blank fields out and trims the rest', () => {
    expect(auditQuery(EMPTY_AUDIT_FORM)).toEqual({});
    expect(
      auditQuery({ ...EMPTY_AUDIT_FORM, actor: ' wang.jw ', action: 'registry.*', purpose: 'welfare_visit', subjectId: '  ' }),
    ).toEqual({
      actor: 'wang.jw',
      action: 'registry.*',
      purpose: 'welfare_visit',
    });
  });
  it('turns local times into epoch ms and drops ones that do not parse', () => {
    const q = auditQuery({ ...EMPTY_AUDIT_FORM, from: '2026-03-01T08:00', to: 'not a time' });
    expect(q.from).toBe(new Date(2026, 2, 1, 8, 0).getTime());
    expect(q).not.toHaveProperty('to');
  });
});
