import { describe, expect, it } from 'vitest';
import { CLASSIFICATION, fieldsOf, isProtected, protectedFields, RECORD_KINDS, searchableFields } from './classification.ts';
import { presentRecord } from './record-view.ts';
import type { RegistryRecord } from './record-model.ts';

const person: RegistryRecord = {
  id: 'p1',
  kind: 'person',
  communityId: 'c1',
  jurisdictionPath: '/a/b/',
  building: 'B1',
  tags: ['elderly_alone'],
  fields: { name: '张三丰', idNumber: '11010519491231002X', phone: '13812345678', address: '云南中路1号', mystery: 'x' },
  createdAt: 0,
  updatedAt: 0,
  updatedBy: 'u',
};

describe('classification', () => {
  it('gives every protected field a mask and never makes one searchable', () => {
    for (const kind of RECORD_KINDS) {
      for (const f of protectedFields(kind)) expect((CLASSIFICATION[kind] as Record<string, { mask?: string }>)[f]!.mask).toBeDefined();
      for (const f of searchableFields(kind)) expect(protectedFields(kind)).not.toContain(f);
      expect(fieldsOf(kind).length).toBeGreaterThan(3);
    }
    expect(isProtected('internal')).toBe(false);
  });
});

describe('presentRecord', () => {
  it('masks sensitive and core fields without a grant, and unknown fields as core', () => {
    const v = presentRecord(person, 'none', 'g1');
    expect(v.fields).toMatchObject({
      name: '张**',
      idNumber: '110***********002X',
      phone: '138****5678',
      address: '云南中路1号',
      mystery: '****',
    });
    expect(v.masked.sort()).toEqual(['idNumber', 'mystery', 'name', 'phone']);
    expect(v.grantId).toBeNull();
  });

  it('reveals everything under a read grant, and all but core under a bulk export grant', () => {
    expect(presentRecord(person, 'all', 'g1')).toMatchObject({
      fields: { name: '张三丰', idNumber: '11010519491231002X' },
      masked: [],
      grantId: 'g1',
    });
    const bulk = presentRecord(person, 'sensitive', 'g2');
    expect(bulk.fields).toMatchObject({ name: '张三丰', idNumber: '110***********002X' });
  });
});
