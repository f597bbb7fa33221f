/**
 * The packed state of one rule over all devices: rows of `stride` float64 in fixed-size chunks
 * (growing never copies a row, and touches fresh memory only once — on this kind of machine
 * first-touching memory is what costs), a device-slot → row index (Int32Array), and a dirty
 * flag per row for the next snapshot. About 4 + 8·stride + 5 bytes per device (≈ 45 for a
 * threshold rule), against several hundred for an object per device.
 */

/** `rowOf` value for a device whose applicability has not been decided yet. */
export const UNDECIDED = 0;
/** `rowOf` value for a device the rule does not apply to. */
export const NOT_APPLICABLE = -1;

const CLEAN = 0;
const MATERIAL = 1;
const LAZY = 2;

/** Rows per chunk (a power of two). */
const CHUNK_BITS = 10;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_ROWS - 1;

function grow<T extends Int32Array | Uint8Array>(a: T, min: number, make: (n: number) => T): T {
  if (a.length >= min) return a;
  const b = make(Math.max(min, Math.ceil(a.length * 1.5), 1024));
  b.set(a);
  return b;
}

/** A dirty row handed to a snapshot. */
export interface DirtyRow {
  slot: number;
  row: number;
}

/** The packed rows of one rule. */
export class RuleTable {
  /** Row + 1 by device slot; UNDECIDED (0) or NOT_APPLICABLE (-1) otherwise. */
  private rowOf = new Int32Array(0);
  /** Device slot by row; -1 for free rows. */
  private slotOfRow = new Int32Array(0);
  private chunks: Float64Array[] = [];
  /** Per row: CLEAN, MATERIAL or LAZY (changed, but not worth a periodic write). */
  private dirtyFlags = new Uint8Array(0);
  private dirtyList: number[] = [];
  private free: number[] = [];
  private used = 0;
  /** Rows released since the last snapshot, by device slot, to delete from storage. */
  released: number[] = [];

  constructor(readonly stride: number) {}

  /** Row + 1 of a device slot, or UNDECIDED / NOT_APPLICABLE. */
  lookup(slot: number): number {
    return slot < this.rowOf.length ? this.rowOf[slot]! : UNDECIDED;
  }

  /** The chunk holding a row. */
  chunk(row: number): Float64Array {
    return this.chunks[row >>> CHUNK_BITS]!;
  }

  /** The offset of a row in its chunk. */
  offset(row: number): number {
    return (row & CHUNK_MASK) * this.stride;
  }

  /** Marks a device as one the rule does not apply to. */
  exclude(slot: number): void {
    this.rowOf = grow(this.rowOf, slot + 1, (n) => new Int32Array(n));
    this.rowOf[slot] = NOT_APPLICABLE;
  }

  /** Forgets every NOT_APPLICABLE decision (the selector or the devices changed). */
  undecideExcluded(): void {
    for (let i = 0; i < this.rowOf.length; i++) if (this.rowOf[i] === NOT_APPLICABLE) this.rowOf[i] = UNDECIDED;
  }

  /** Forgets one device's decision without releasing a row (call `release` for bound ones). */
  undecide(slot: number): void {
    if (slot < this.rowOf.length && this.rowOf[slot] === NOT_APPLICABLE) this.rowOf[slot] = UNDECIDED;
  }

  /** Allocates a row for a device; returns it (the caller initialises it). */
  bind(slot: number): number {
    const row = this.free.pop() ?? this.used++;
    if (row >>> CHUNK_BITS >= this.chunks.length) this.chunks.push(new Float64Array(CHUNK_ROWS * this.stride));
    this.slotOfRow = grow(this.slotOfRow, row + 1, (n) => new Int32Array(n).fill(-1));
    this.dirtyFlags = grow(this.dirtyFlags, row + 1, (n) => new Uint8Array(n));
    this.rowOf = grow(this.rowOf, slot + 1, (n) => new Int32Array(n));
    this.rowOf[slot] = row + 1;
    this.slotOfRow[row] = slot;
    return row;
  }

  /** Frees a device's row (it will be deleted from storage at the next snapshot). */
  release(slot: number): void {
    const r = this.lookup(slot);
    if (r <= 0) return;
    const row = r - 1;
    this.rowOf[slot] = UNDECIDED;
    this.slotOfRow[row] = -1;
    this.dirtyFlags[row] = CLEAN;
    this.free.push(row);
    this.released.push(slot);
  }

  /**
   * Marks a row as changed since the last snapshot: `material` changes (a phase, a window) go
   * into the next periodic snapshot; others (a threshold's latest value) only into the full one
   * written on stop.
   */
  markDirty(row: number, material = true): void {
    const flag = this.dirtyFlags[row]!;
    if (flag === MATERIAL || (flag === LAZY && !material)) return;
    this.dirtyFlags[row] = material ? MATERIAL : LAZY;
    if (flag === CLEAN) this.dirtyList.push(row);
  }

  /** Takes the dirty rows, material ones only unless `all`, and clears their flags. */
  takeDirty(all = false): DirtyRow[] {
    const out: DirtyRow[] = [];
    const keep: number[] = [];
    for (const row of this.dirtyList) {
      const flag = this.dirtyFlags[row];
      if (flag === CLEAN) continue;
      if (flag === LAZY && !all) {
        keep.push(row);
        continue;
      }
      this.dirtyFlags[row] = CLEAN;
      const slot = this.slotOfRow[row]!;
      if (slot >= 0) out.push({ slot, row });
    }
    this.dirtyList = keep;
    return out;
  }

  /** Calls `f` for every bound row. */
  forEachRow(f: (slot: number, row: number) => void): void {
    for (let row = 0; row < this.used; row++) {
      const slot = this.slotOfRow[row]!;
      if (slot >= 0) f(slot, row);
    }
  }

  /** How many devices have a row. */
  get bound(): number {
    return this.used - this.free.length;
  }

  /** Bytes held by the typed arrays. */
  get bytes(): number {
    let n = this.rowOf.byteLength + this.slotOfRow.byteLength + this.dirtyFlags.byteLength;
    for (const c of this.chunks) n += c.byteLength;
    return n;
  }
}
