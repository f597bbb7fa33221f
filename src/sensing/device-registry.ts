/**
 * Every registered device's facts, in memory: ingestion checks each reading's device here and
 * the rules engine asks for facts synchronously on every batch, so a database round trip per
 * reading is out of the question. About 250 bytes a device (measured by `npm run bench --
 * rules-memory`): path strings are shared with the jurisdiction tree, and the strings devices
 * have in common (type, jurisdiction id, owner unit, a tag set) are kept once, not once per
 * device as each row read from storage brings them. Storage is the truth; the registry is
 * loaded at start and kept current by the device service (and by `devices` bus events from
 * other processes).
 */
import type { DeviceFacts } from './reading-model.ts';
import { deviceType, type DeviceType } from './device-types.ts';
import { toFacts, type Device } from './device-model.ts';

/** Something to tell when a device was created, changed or deleted. */
export type DeviceListener = (deviceId: string) => void;

const NO_TAGS: readonly string[] = Object.freeze([]);

/** The in-memory registry. */
export class DeviceRegistry {
  readonly #facts = new Map<string, DeviceFacts>();
  readonly #offlineAfter = new Map<string, number>();
  readonly #listeners = new Set<DeviceListener>();
  readonly #pathOf: (jurisdictionId: string) => string | undefined;
  /**
   * One copy of each type, jurisdiction id and owner unit id, and one frozen array per tag set:
   * few distinct values (types, jurisdictions, units, tag vocabularies) shared by many devices.
   * Entries outlive the devices that brought them; there are as many as distinct values.
   */
  readonly #shared = new Map<string, string>();
  readonly #tagSets = new Map<string, readonly string[]>();

  /** `pathOf` gives the jurisdiction tree's own copy of a path, so devices share the string. */
  constructor(pathOf: (jurisdictionId: string) => string | undefined = () => undefined) {
    this.#pathOf = pathOf;
  }

  /** Adds or replaces a device's facts, without telling listeners (for loading). */
  put(d: Device): DeviceFacts {
    const facts = toFacts(d);
    facts.type = this.#one(d.type);
    facts.jurisdictionId = this.#one(d.jurisdictionId);
    facts.jurisdictionPath = this.#pathOf(d.jurisdictionId) ?? d.jurisdictionPath;
    if (d.ownerUnitId !== null) facts.ownerUnitId = this.#one(d.ownerUnitId);
    facts.tags = this.#tagSet(d.tags);
    this.#facts.set(d.id, facts);
    if (d.offlineAfterS === null) this.#offlineAfter.delete(d.id);
    else this.#offlineAfter.set(d.id, d.offlineAfterS);
    return facts;
  }

  #one(value: string): string {
    const kept = this.#shared.get(value);
    if (kept !== undefined) return kept;
    this.#shared.set(value, value);
    return value;
  }

  #tagSet(tags: readonly string[]): readonly string[] {
    if (tags.length === 0) return NO_TAGS;
    const key = tags.join('\u0000');
    let kept = this.#tagSets.get(key);
    if (!kept) this.#tagSets.set(key, (kept = Object.freeze(tags.map((t) => this.#one(t)))));
    return kept;
  }

  /** Removes a device, without telling listeners. */
  remove(id: string): void {
    this.#facts.delete(id);
    this.#offlineAfter.delete(id);
  }

  /** Tells the listeners that a device changed. A failing listener does not stop the others. */
  changed(id: string): void {
    for (const l of this.#listeners) {
      try {
        l(id);
      } catch (e) {
        console.error(`device listener failed for ${id}:`, e);
      }
    }
  }

  /**
   * Registers a listener for device changes; returns a function that removes it.
   * @example sensing.onDeviceChange((id) => engine.deviceChanged(id));
   */
  listen(l: DeviceListener): () => void {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  }

  /** The facts of a device, or undefined. */
  facts(id: string): DeviceFacts | undefined {
    return this.#facts.get(id);
  }

  /** The type of a device, or undefined for unknown devices. */
  typeOf(id: string): DeviceType | undefined {
    const f = this.#facts.get(id);
    return f ? deviceType(f.type) : undefined;
  }

  /** A device's own offline-after override, seconds, or null. */
  offlineOverride(id: string): number | null {
    return this.#offlineAfter.get(id) ?? null;
  }

  /** Every registered device id. */
  ids(): IterableIterator<string> {
    return this.#facts.keys();
  }

  /** Number of devices. */
  get size(): number {
    return this.#facts.size;
  }
}
