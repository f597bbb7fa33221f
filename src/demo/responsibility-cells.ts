/**
 * Joins the demo directory's responsibilities by department kind with the case catalogue
 * (which kind handles each small class) into cells of the responsibility matrix.
 */
import type { KindResponsibility } from '../directory/demo-directory.ts';
import { SMALL_CLASSES } from '../cases/catalogue-model.ts';

/** A matrix cell keyed by codes, before ids are known. */
export interface CodeCell {
  categoryCode: string;
  jurisdictionCode: string;
  unitCode: string;
}

/**
 * One cell per (small class handled by the kind, jurisdiction); `'*'` stays `'*'`.
 * @example responsibilityCells([{ departmentKind: 'water', jurisdictionCode: '310101', unitCode: 'D-310101-water' }])
 */
export function responsibilityCells(byKind: readonly KindResponsibility[]): CodeCell[] {
  const cells: CodeCell[] = [];
  for (const r of byKind) {
    if (r.departmentKind === '*') {
      cells.push({ categoryCode: '*', jurisdictionCode: r.jurisdictionCode, unitCode: r.unitCode });
      continue;
    }
    for (const c of SMALL_CLASSES) {
      if (c.departmentKind === r.departmentKind)
        cells.push({ categoryCode: c.code, jurisdictionCode: r.jurisdictionCode, unitCode: r.unitCode });
    }
  }
  return cells;
}
