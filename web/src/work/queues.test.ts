import { describe, expect, it } from 'vitest';
import { ROLES } from '../api/types.ts';
import { QUEUES_BY_ROLE, queuesFor } from './queues.ts';

describe('work queues by role', () => {
  it('every role has an entry', () => {
    for (const r of ROLES) expect(QUEUES_BY_ROLE[r], r).toBeDefined();
  });
  it('a dispatcher dispatches, verifies and watches the overdue', () => {
    expect(queuesFor(['dispatcher'])).toEqual(['to-dispatch', 'to-verify', 'overdue']);
  });
  it('a handler sees their unit’s tasks; a gateway sees none', () => {
    expect(queuesFor(['handler'])).toEqual(['mine']);
    expect(queuesFor(['gateway'])).toEqual([]);
  });
  it('several roles: each queue once, in role order', () => {
    expect(queuesFor(['inspector', 'dispatcher'])).toEqual(['to-verify', 'to-dispatch', 'overdue']);
  });
});
