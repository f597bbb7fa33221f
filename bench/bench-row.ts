/** One line of the benchmark table: a figure and the baseline it is read against. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number; unit?: string };
  /** The goal the issue sets, as text (e.g. "≥ 1,000,000 lookups/s"). */
  goal?: string;
}
