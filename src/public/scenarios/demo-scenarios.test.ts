import { describe, expect, it } from 'vitest';
import { demoScenarios } from './demo-scenarios.ts';
import { demoRules } from '../../rules/demo-rules.ts';
import { demoAlertPolicies } from '../../alerts/demo-policies.ts';
import { isSmallClassCode } from '../../cases/catalogue-model.ts';

describe('the demo register', () => {
  const register = demoScenarios();

  it('holds the four demo scenarios online and two not launched', () => {
    expect(register.filter((s) => s.status === 'online').map((s) => s.slug)).toEqual([
      'standing-water',
      'elderly-living-alone',
      'construction-safety',
      'manhole-covers',
    ]);
    expect(register.filter((s) => s.launchDate === null)).toHaveLength(2);
    expect(new Set(register.map((s) => s.slug)).size).toBe(register.length);
  });

  it('watches demo rules and case classes that exist, the classes their alert policies file', () => {
    const rules = new Set(demoRules().map((r) => r.id));
    const filed = new Set(demoAlertPolicies().flatMap((p) => p.match.categories ?? []));
    for (const s of register) {
      for (const id of s.ruleIds) expect(rules.has(id), `${s.slug}: rule ${id}`).toBe(true);
      for (const c of s.categories) expect(isSmallClassCode(c), `${s.slug}: class ${c}`).toBe(true);
      if (s.status === 'online') for (const c of s.categories) expect(filed.has(c), `${s.slug}: policy for ${c}`).toBe(true);
    }
  });
});
