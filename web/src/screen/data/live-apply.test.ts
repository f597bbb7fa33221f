import { afterEach, describe, expect, it } from 'vitest';
import { applyAlertEvent, applyCaseEvent } from './live-apply.ts';
import { PointStore } from './point-store.ts';
import type { AlertProps, CaseProps, LiveAlert, LiveCase } from '../types.ts';

const base = { path: '/c/', lon: 121.4, lat: 31.2, category: 'E0401' };
const alertEvent = (over: Partial<LiveAlert>): LiveAlert => ({
  ...base,
  kind: 'alert',
  id: 'h1',
  type: 'alert.raised',
  alertId: 'a1',
  level: 'orange',
  state: 'raised',
  message: '积水',
  at: 1000,
  ...over,
});
const caseEvent = (over: Partial<LiveCase>): LiveCase => ({
  ...base,
  kind: 'case',
  id: 't1',
  type: 'case.reported',
  caseId: 'c1',
  code: '310101-20261127-0001',
  state: 'reported',
  urgency: 'normal',
  message: '积水',
  dueAt: 5000,
  at: 1000,
  ...over,
});

describe('live events on the map points', () => {
  const stores: Array<PointStore<{ id: string }>> = [];
  afterEach(() => stores.forEach((s) => s.dispose()));

  it('places a raised alert, moves it to its new level, removes it when cleared', () => {
    const s = new PointStore<AlertProps>(0);
    stores.push(s);
    applyAlertEvent(s, alertEvent({}));
    expect(s.get('a1')?.properties.level).toBe('orange');
    applyAlertEvent(s, alertEvent({ id: 'h2', type: 'alert.level_changed', level: 'red', at: 2000 }));
    expect(s.get('a1')?.properties).toMatchObject({ level: 'red', raisedAt: 1000 });
    applyAlertEvent(s, alertEvent({ id: 'h3', type: 'alert.cleared', state: 'cleared' }));
    expect(s.size).toBe(0);
  });

  it('does not place an alert without a location', () => {
    const s = new PointStore<AlertProps>(0);
    stores.push(s);
    applyAlertEvent(s, alertEvent({ lon: null, lat: null }));
    expect(s.size).toBe(0);
  });

  it('keeps an open case with a light that turns red past its due time, and drops it when closed', () => {
    const s = new PointStore<CaseProps>(0);
    stores.push(s);
    applyCaseEvent(s, caseEvent({}), 2000);
    expect(s.get('c1')?.properties.light).toBe('green');
    applyCaseEvent(s, caseEvent({ id: 't2', type: 'case.dispatched', state: 'dispatched' }), 6000);
    expect(s.get('c1')?.properties).toMatchObject({ light: 'red', state: 'dispatched' });
    applyCaseEvent(s, caseEvent({ id: 't3', type: 'case.closed', state: 'closed', dueAt: null }), 7000);
    expect(s.size).toBe(0);
  });

  it('tells listeners once for a burst of changes', async () => {
    const s = new PointStore<AlertProps>(20);
    stores.push(s);
    let calls = 0;
    s.subscribe(() => calls++);
    for (let i = 0; i < 1000; i++) applyAlertEvent(s, alertEvent({ id: `h${i}`, alertId: `a${i}` }));
    await new Promise((r) => setTimeout(r, 60));
    expect(s.size).toBe(1000);
    expect(calls).toBe(1);
  });
});
