import { describe, expect, it } from 'vitest';
import {
  checkReport,
  descriptionLength,
  EMPTY_REPORT,
  MAX_DESCRIPTION,
  MAX_PHOTO_BYTES,
  photoProblem,
  pointOf,
  reportBody,
  tokenFromInput,
  waitMinutes,
} from './report-model.ts';

const filled = { ...EMPTY_REPORT, category: 'E0101', description: ' 人行道上有垃圾 ', lon: '121.4737', lat: '31.2304' };

describe('the public report form', () => {
  it('asks for a category, a description and a place before sending', () => {
    expect(checkReport(EMPTY_REPORT)).toEqual({
      category: 'categoryRequired',
      description: 'descriptionRequired',
      location: 'locationRequired',
    });
    expect(checkReport(filled)).toEqual({});
  });

  it('counts characters as the server does and refuses more than 2,000', () => {
    expect(descriptionLength('  井盖缺失😀 ')).toBe(5);
    expect(checkReport({ ...filled, description: '井'.repeat(MAX_DESCRIPTION) })).toEqual({});
    expect(checkReport({ ...filled, description: '井'.repeat(MAX_DESCRIPTION + 1) }).description).toBe('descriptionTooLong');
  });

  it('takes a typed place only when it is a coordinate', () => {
    expect(pointOf({ lon: '121.5', lat: '31.2' })).toEqual({ lon: 121.5, lat: 31.2 });
    expect(pointOf({ lon: 'east', lat: '31.2' })).toBeNull();
    expect(pointOf({ lon: '200', lat: '31.2' })).toBeNull();
  });

  it('checks a contact only when one is given', () => {
    expect(checkReport({ ...filled, phone: 'call me' }).phone).toBe('phoneInvalid');
    expect(checkReport({ ...filled, email: 'a@b' }).email).toBe('emailInvalid');
    expect(checkReport({ ...filled, phone: '+86 138-0000-0000', email: 'a@b.cn' })).toEqual({});
  });

  it('sends an anonymous report without any contact, trimmed', () => {
    expect(reportBody({ ...filled, name: '  ' }, [])).toEqual({
      category: 'E0101',
      description: '人行道上有垃圾',
      lon: 121.4737,
      lat: 31.2304,
    });
  });

  it('sends the contact fields given, the address and the photos', () => {
    expect(reportBody({ ...filled, phone: '13800000000', address: ' 南京东路 1 号 ' }, ['p1'])).toEqual({
      category: 'E0101',
      description: '人行道上有垃圾',
      lon: 121.4737,
      lat: 31.2304,
      address: '南京东路 1 号',
      contact: { phone: '13800000000' },
      photos: ['p1'],
    });
    expect(reportBody(EMPTY_REPORT, [])).toBeNull();
  });

  it('checks photos by type and size', () => {
    expect(photoProblem({ type: 'image/jpeg', size: 1000 })).toBeNull();
    expect(photoProblem({ type: 'image/webp', size: MAX_PHOTO_BYTES })).toBeNull();
    expect(photoProblem({ type: 'image/png', size: MAX_PHOTO_BYTES + 1 })).toBe('size');
    expect(photoProblem({ type: 'image/gif', size: 10 })).toBe('type');
    expect(photoProblem({ type: '', size: 10 })).toBe('type');
  });

  it('says whole minutes to wait after too many reports', () => {
    expect(waitMinutes(null)).toBeNull();
    expect(waitMinutes(5)).toBe(1);
    expect(waitMinutes(60)).toBe(1);
    expect(waitMinutes(61)).toBe(2);
  });

  it('reads a follow token from the token or a pasted link', () => {
    expect(tokenFromInput(' abc123 ')).toBe('abc123');
    expect(tokenFromInput('https://city.example/follow/abc%2D123?x=1')).toBe('abc-123');
  });
});

describe('distances to nearby reports', () => {
  it('are metres on the ground', async () => {
    const { distanceM } = await import('./report-model.ts');
    expect(Math.round(distanceM({ lon: 121.47, lat: 31.23 }, { lon: 121.47, lat: 31.231 }))).toBe(111);
    expect(distanceM({ lon: 121.47, lat: 31.23 }, { lon: 121.47, lat: 31.23 })).toBe(0);
  });
});
