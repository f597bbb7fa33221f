import { describe, expect, it } from 'vitest';
import { DEFAULT_MODERATION, flagsReason, moderate, parseWordList } from './moderation-model.ts';
import { contactKey, distanceM, boxAround } from './record-model.ts';

const kinds = (text: string) => moderate(text).map((f) => f.kind);

describe('moderate', () => {
  it('lets ordinary reports through, in Chinese and English, with one link', () => {
    expect(kinds('南京东路 100 号门口窨井盖缺失，晚上很危险，请尽快处理。')).toEqual([]);
    expect(kinds('Streetlight out on Zhongshan Road, photos: https://photos.example/abc')).toEqual([]);
    expect(kinds('积水约 20cm!!!')).toEqual([]);
  });

  it('flags more links than one', () => {
    expect(kinds('看 https://a.example 和 www.b.example')).toEqual(['links']);
  });

  it('flags runs of one character and repeated phrases', () => {
    expect(kinds('快来！！！！！！！！！！！！')).toEqual(['repetition']);
    expect(kinds('buy now buy now buy now buy now buy now buy now buy now')).toContain('repetition');
    expect(kinds('哈'.repeat(11))).toEqual(['repetition']);
  });

  it('flags abusive words, Chinese and English, whatever the case', () => {
    expect(kinds('城管都是傻逼')).toEqual(['abuse']);
    expect(kinds('You IDIOT fix it')).toEqual(['abuse']);
    expect(moderate('某某词', { ...DEFAULT_MODERATION, abusiveWords: ['某某'] }).map((f) => f.kind)).toEqual(['abuse']);
  });

  it('flags shouting only in long Latin text', () => {
    expect(kinds('THE STREETLIGHT HAS BEEN BROKEN FOR WEEKS')).toEqual(['shouting']);
    expect(kinds('LED 灯坏了')).toEqual([]);
  });

  it('flags HTML and script, however written', () => {
    expect(kinds('<script>alert(1)</script>')).toEqual(['markup']);
    expect(kinds('<img src=x onerror=alert(1)>')).toEqual(['markup']);
    expect(kinds('javascript:alert(1)')).toEqual(['markup']);
    expect(kinds('温度 < 5 且 > 3')).toEqual([]);
  });

  it('joins the reasons into one line for the citizen', () => {
    expect(flagsReason([])).toBeNull();
    expect(flagsReason(moderate('<b>傻逼</b>'))).toMatch(/^待审核 · held for review: .*abusive.*HTML/u);
  });
});

describe('record helpers', () => {
  it('keys a contact by phone digits or lower-case e-mail', () => {
    expect(contactKey({ phone: '139 0000-0001' })).toBe('p:13900000001');
    expect(contactKey({ email: ' Li@Example.CN ' })).toBe('e:li@example.cn');
    expect(contactKey(null)).toBeNull();
  });

  it('measures metres and boxes a circle', () => {
    expect(distanceM(121.47, 31.23, 121.47, 31.2309)).toBeCloseTo(100, -1);
    const b = boxAround(121.47, 31.23, 300);
    expect(distanceM(121.47, 31.23, 121.47, b.maxLat)).toBeCloseTo(300, -1);
    expect(distanceM(121.47, 31.23, b.maxLon, 31.23)).toBeCloseTo(300, -1);
  });
});

describe('parseWordList', () => {
  it('takes one word per line, without comments, blanks, case or repeats', () => {
    expect(parseWordList('# the city list\n垃圾话 \r\n\n  Stupid  # English too\nstupid\n#only a comment')).toEqual(['垃圾话', 'stupid']);
    expect(parseWordList('')).toEqual([]);
  });
});
