/** Audit entries for tests: plausible, numbered, without personal data. */
import type { AuditInput } from '../../src/audit/model.ts';

/** An entry numbered `i`, about a person in a district. */
export function sampleEntry(i: number, path = '/city/d1/'): AuditInput {
  return {
    actor: { kind: 'user', userId: `u-${i % 7}`, username: `worker${i % 7}` },
    action: i % 2 === 0 ? 'registry.read' : 'grant.approve',
    subject: { kind: 'person', id: `p-${i}`, path },
    purpose: 'welfare_visit',
    grantId: `g-${i % 3}`,
    detail: { masked: i % 2 === 0, n: i },
  };
}
