import { describe, expect, it } from 'vitest';
import { AppError, invalid } from '../platform/errors.ts';
import { SYSTEM_ACTOR } from './command-service.ts';
import type { Actor, Case } from './case-types.ts';
import type { IntakeResult } from './intake-service.ts';
import type { ReportInput } from './report-model.ts';
import { importWorkOrders, parseWorkOrderCsv, parseWorkOrderFile, MAX_WORK_ORDERS, type WorkOrderIntake } from './work-order-import.ts';

const row = (ref: string, extra: Record<string, unknown> = {}) => ({
  ref,
  category: 'E0102',
  description: 'x',
  lon: 121.48,
  lat: 31.23,
  ...extra,
});

/** A stand-in for the cases service: every report is a new case at `/c/d/`, unless `fail` says otherwise. */
function fakeIntake(fail: (input: ReportInput, attempt: number) => Error | null = () => null): WorkOrderIntake & { calls: string[] } {
  const attempts = new Map<string, number>();
  const calls: string[] = [];
  return {
    calls,
    placeOf: (l) => (l.lon > 150 ? '/c/x/' : '/c/d/'),
    async report(input: ReportInput, _actor: Actor): Promise<IntakeResult> {
      const ref = input.sourceRef ?? '';
      calls.push(ref);
      const attempt = (attempts.get(ref) ?? 0) + 1;
      attempts.set(ref, attempt);
      const e = fail(input, attempt);
      if (e) throw e;
      const c = { id: `id-${ref}`, code: `code-${ref}`, state: 'dispatched', jurisdictionPath: '/c/d/' } as Case;
      return { case: c, applied: [], duplicates: [], existing: false };
    },
  };
}

describe('parseWorkOrderCsv', () => {
  it('reads a BOM, Chinese headers and a quoted description over several lines', () => {
    const rows = parseWorkOrderCsv('\uFEFF工单编号,类别,诉求内容,经度,纬度\r\nSH-1,E0102,"第一行\n第二行, 有逗号",121.48,31.23\r\n\r\n');
    expect(rows).toEqual([{ ref: 'SH-1', category: 'E0102', description: '第一行\n第二行, 有逗号', lon: '121.48', lat: '31.23' }]);
  });

  it('refuses more rows than an import takes, as a whole', () => {
    const body = `ref,category,description,lon,lat\n${'a,b,c,1,2\n'.repeat(MAX_WORK_ORDERS + 1)}`;
    expect(() => parseWorkOrderCsv(body)).toThrow(expect.objectContaining({ status: 413, code: 'TOO_MANY_ROWS' }));
  });

  it('reads a JSON file with a BOM and says what is wrong with broken JSON', () => {
    expect(parseWorkOrderFile('\uFEFF{"workOrders": [{"ref": "A"}]}', 'json')).toEqual([{ ref: 'A' }]);
    expect(() => parseWorkOrderFile('[{"ref": "A"', 'json')).toThrow(expect.objectContaining({ status: 400, code: 'INVALID_JSON' }));
  });
});

describe('importWorkOrders', () => {
  it('reports progress row by row and refuses what intake refuses, going on after it', async () => {
    const intake = fakeIntake((input) =>
      input.sourceRef === '12345:B' ? invalid('body.location', 'no operation centre covers this place', 'NO_CENTRE') : null,
    );
    const progress: number[] = [];
    const report = await importWorkOrders(intake, [row('A'), row('B'), row('C')], SYSTEM_ACTOR, (done) => progress.push(done));
    expect(progress).toEqual([1, 2, 3]);
    expect(report).toMatchObject({ total: 3, accepted: 2, existing: 0, rejectedRows: 1 });
    expect(report.rejected).toEqual([{ row: 1, field: 'location', message: 'no operation centre covers this place' }]);
  });

  it('names the whole row when intake refuses without a field', async () => {
    const intake = fakeIntake(() => new AppError(409, 'CASE_VERSION_CONFLICT', 'the master case changed meanwhile'));
    const report = await importWorkOrders(intake, [row('A')], SYSTEM_ACTOR);
    expect(report.rejected).toEqual([{ row: 0, field: 'row', message: 'the master case changed meanwhile' }]);
  });

  it('retries once after an unexpected error (a lost race on the source ref), and stops with the row named if it fails again', async () => {
    const once = fakeIntake((_input, attempt) =>
      attempt === 1 ? new Error('UNIQUE constraint failed: cases.source, cases.source_ref') : null,
    );
    expect(await importWorkOrders(once, [row('A')], SYSTEM_ACTOR)).toMatchObject({ accepted: 1 });
    expect(once.calls).toEqual(['12345:A', '12345:A']);

    const broken = fakeIntake((input) => (input.sourceRef === '12345:B' ? new Error('database is locked') : null));
    await expect(importWorkOrders(broken, [row('A'), row('B'), row('C')], SYSTEM_ACTOR)).rejects.toThrow(
      /^row 1: database is locked; the import stopped there — rows before it are stored/,
    );
    expect(broken.calls).toEqual(['12345:A', '12345:B', '12345:B']);
  });

  it('checks the place against a person’s scope before anything is stored', async () => {
    const intake = fakeIntake();
    const clerk: Actor = { id: 'u1', roles: ['intake'], scopePath: '/c/d/', unitId: null };
    const report = await importWorkOrders(intake, [row('A'), row('B', { lon: 160 })], clerk);
    expect(report.rejected).toEqual([{ row: 1, field: 'location', message: 'outside your jurisdiction: not imported' }]);
    expect(intake.calls).toEqual(['12345:A']);
  });
});
