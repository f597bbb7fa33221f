import { describe, expect, it } from 'vitest';
import { ROLE_LIST, ROLES, isRole, roleNeedsUnit, rolesNeedingUnit } from './roles.ts';

describe('roles', () => {
  it('lists the roles in display order, people first, then machine accounts', () => {
    expect(ROLE_LIST).toEqual([
      'admin',
      'shift_lead',
      'dispatcher',
      'intake',
      'inspector',
      'handler',
      'community_worker',
      'auditor',
      'gateway',
    ]);
  });

  it('gives every role a Chinese and English label and a description', () => {
    for (const role of ROLE_LIST) {
      const r = ROLES[role];
      expect(r.zh.length).toBeGreaterThan(0);
      expect(r.en.length).toBeGreaterThan(0);
      expect(r.description.length).toBeGreaterThan(0);
    }
    expect(ROLES.dispatcher.zh).toBe('派遣员');
    expect(ROLES.handler.zh).toBe('处置人员');
  });

  it('recognises roles and nothing else', () => {
    expect(isRole('handler')).toBe(true);
    expect(isRole('auditor')).toBe(true);
    expect(isRole('Handler')).toBe(false);
    expect(isRole('')).toBe(false);
    expect(isRole('toString')).toBe(false);
    expect(isRole('__proto__')).toBe(false);
  });

  it('requires a unit for handlers only', () => {
    expect([...rolesNeedingUnit]).toEqual(['handler']);
    expect(roleNeedsUnit('handler')).toBe(true);
    expect(roleNeedsUnit('dispatcher')).toBe(false);
  });
});
