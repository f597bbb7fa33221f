/**
 * Exports of the evaluation table (综合评价) as CSV and XLSX, with bilingual headers from
 * {@link INDICATOR_LABELS}. Offices open these in Excel, so:
 * - CSV is RFC 4180 (CRLF, quotes doubled) in UTF-8 with a BOM: without the BOM Excel on a
 *   Chinese Windows reads UTF-8 as GBK and the headers turn to mojibake. Rates are written as
 *   percentages with two decimals (the header says "(%)"), empty when undefined.
 * - XLSX keeps rates as fractions formatted `0.00%`, so sorting and formulas work on the numbers;
 *   a second sheet records the period, scope and score weights the figures were computed with.
 * Pure apart from the XLSX writer's promise; no I/O.
 */
import ExcelJS from 'exceljs';
import {
  GROUP_BY_LABELS,
  INDICATOR_LABELS,
  SCORE_WEIGHTS,
  type EvaluationGroupBy,
  type IndicatorLabel,
  type Indicators,
} from './evaluation-model.ts';

/** One row of the table: a group and its indicators. */
export interface EvaluationExportRow {
  /** Unit / jurisdiction / centre id, or category code; null for cases with no unit. */
  groupKey: string | null;
  /** Display name of the group, if the caller resolved one. */
  groupName?: string | null;
  indicators: Indicators;
}

/** What is exported: the rows and what they were computed over. */
export interface EvaluationExport {
  groupBy: EvaluationGroupBy;
  /** Period [from, to), epoch ms. */
  from: number;
  to: number;
  /** Display name of the scope (e.g. 黄浦区), or its path. */
  scope: string;
  rows: readonly EvaluationExportRow[];
  /** Time zone the period is shown in; default Asia/Shanghai. */
  timeZone?: string;
  /** When the figures were computed, epoch ms (shown on the XLSX "about" sheet). */
  generatedAt?: number;
}

const BOM = '\uFEFF';
const CRLF = '\r\n';

/** The header cells: group name, group key, then every indicator, each "中文 / English". */
export function exportHeaders(groupBy: EvaluationGroupBy, format: 'csv' | 'xlsx'): string[] {
  const g = GROUP_BY_LABELS[groupBy];
  return [
    `${g.zh} / ${g.en}`,
    '编号 / Key',
    ...INDICATOR_LABELS.map((l) => `${l.zh} / ${l.en}${format === 'csv' && l.kind === 'rate' ? ' (%)' : ''}`),
  ];
}

/**
 * The table as CSV bytes (UTF-8 with BOM, CRLF, RFC 4180 quoting).
 * @example fs.writeFileSync('评价.csv', evaluationCsv(table))
 */
export function evaluationCsv(t: EvaluationExport): Buffer {
  const lines = [exportHeaders(t.groupBy, 'csv').map(csvField)];
  for (const r of t.rows) {
    const cells = [csvField(neutralize(r.groupName ?? r.groupKey ?? '')), csvField(neutralize(r.groupKey ?? ''))];
    for (const l of INDICATOR_LABELS) cells.push(csvNumber(l, r.indicators[l.key]));
    lines.push(cells);
  }
  return Buffer.from(BOM + lines.map((cells) => cells.join(',')).join(CRLF) + CRLF, 'utf8');
}

/**
 * The table as an XLSX workbook: sheet "综合评价" with a frozen header row, and sheet "说明"
 * with the period, scope, grouping and score weights.
 */
export async function evaluationXlsx(t: EvaluationExport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'cityops';
  wb.created = new Date(t.generatedAt ?? t.to);
  const ws = wb.addWorksheet('综合评价', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  const headers = exportHeaders(t.groupBy, 'xlsx');
  ws.columns = headers.map((h, i) => ({ header: h, width: i < 2 ? 24 : Math.max(12, Math.ceil(h.length * 0.9)) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  for (const r of t.rows)
    ws.addRow([r.groupName ?? r.groupKey ?? '', r.groupKey ?? '', ...INDICATOR_LABELS.map((l) => r.indicators[l.key])]);
  INDICATOR_LABELS.forEach((l, i) => {
    ws.getColumn(i + 3).numFmt = NUM_FMT[l.kind];
  });

  const about = wb.addWorksheet('说明');
  const zone = t.timeZone ?? 'Asia/Shanghai';
  const g = GROUP_BY_LABELS[t.groupBy];
  about.columns = [{ width: 28 }, { width: 48 }];
  about.addRows([
    ['统计区间 / Period', `${localTime(t.from, zone)} — ${localTime(t.to, zone)} (${zone})`],
    ['范围 / Scope', t.scope],
    ['分组 / Grouped by', `${g.zh} / ${g.en}`],
    ...(t.generatedAt !== undefined ? [['生成时间 / Generated', `${localTime(t.generatedAt, zone)} (${zone})`]] : []),
    ['综合得分权重 / Score weights', '空缺指标的权重按比例分配给其余指标 / weights of undefined rates are shared among the rest'],
    ...Object.entries(SCORE_WEIGHTS).map(([key, w]) => {
      const l = INDICATOR_LABELS.find((x) => x.key === key);
      return [`${l?.zh ?? key} / ${l?.en ?? key}`, `${w.weight}${w.higherIsBetter ? '' : ' × (1 − rate)'}`];
    }),
  ]);
  about.getColumn(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const NUM_FMT: Readonly<Record<IndicatorLabel['kind'], string>> = { count: '0', rate: '0.00%', hours: '0.00', score: '0.00' };

function csvNumber(l: IndicatorLabel, v: number | null): string {
  if (v === null) return '';
  switch (l.kind) {
    case 'count':
      return String(v);
    case 'rate':
      return (v * 100).toFixed(2);
    case 'hours':
    case 'score':
      return v.toFixed(2);
  }
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling its quotes. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Names come from users (unit and jurisdiction names); Excel runs a cell starting with = + - @
 * as a formula (CSV injection), so such text gets a leading apostrophe, which Excel hides.
 */
function neutralize(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** `YYYY-MM-DD HH:mm` in the zone. */
function localTime(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}
