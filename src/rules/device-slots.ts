/**
 * Dense numbers for the devices the engine has met, so rule state can live in typed arrays
 * indexed by device: id → slot in one Map, and per slot the id and a small type number.
 */

/** The type number of a slot whose device is gone. */
export const NO_TYPE = 0xffff;

/** The engine's device numbering. */
export class DeviceSlots {
  private index = new Map<string, number>();
  private ids: string[] = [];
  private typeOf = new Uint16Array(1024);
  private typeNumbers = new Map<string, number>();
  private typeNames: string[] = [];

  /** The slot of a device id, or -1 if not met yet. */
  lookup(id: string): number {
    return this.index.get(id) ?? -1;
  }

  /** Adds a device (or re-types a known one); returns its slot. */
  admit(id: string, type: string): number {
    let slot = this.index.get(id);
    if (slot === undefined) {
      slot = this.ids.length;
      this.ids.push(id);
      this.index.set(id, slot);
      if (slot >= this.typeOf.length) {
        const t = new Uint16Array(this.typeOf.length * 2);
        t.set(this.typeOf);
        this.typeOf = t;
      }
    }
    this.typeOf[slot] = this.typeNumber(type);
    return slot;
  }

  /** Marks a device as gone (its slot stays, typed NO_TYPE, so rules skip it). */
  retire(slot: number): void {
    this.typeOf[slot] = NO_TYPE;
  }

  /** The device id of a slot. */
  idOf(slot: number): string {
    return this.ids[slot] ?? '';
  }

  /** The type number of a slot. */
  typeNumberOf(slot: number): number {
    return this.typeOf[slot] ?? NO_TYPE;
  }

  /** The type code of a type number. */
  typeName(n: number): string | undefined {
    return this.typeNames[n];
  }

  /** The number of a type code, assigned on first use. */
  typeNumber(type: string): number {
    let n = this.typeNumbers.get(type);
    if (n === undefined) {
      n = this.typeNames.length;
      if (n >= NO_TYPE) throw new Error('more than 65,534 device types');
      this.typeNames.push(type);
      this.typeNumbers.set(type, n);
    }
    return n;
  }

  /** How many devices have a slot. */
  get size(): number {
    return this.ids.length;
  }
}
