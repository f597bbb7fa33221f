/**
 * Devices on the map. Below street zoom they are groups made here from the column answer
 * (device-clusters.ts: a few thousand points instead of 100,000 sent to the map's worker); from
 * there on, single devices (online / offline / unknown) — only those in and around the view,
 * taken again when the view leaves them. An answer from the same device snapshot as the last one
 * is the same answer and draws nothing; a new one redraws both, so groups and points always show
 * the latest statuses. A scenario view groups and shows its own device types only.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Scenario } from '../scenarios.ts';
import type { DeviceColumns } from '../types.ts';
import { deviceGroups, DEVICE_POINTS_ZOOM } from './device-clusters.ts';
import { boxContains, devicePointsIn, grownBox, keptDevices, statusCodes, type Box } from './device-model.ts';
import { markDevicesDrawn } from './debug-handle.ts';
import { collection, setSourceData } from './sources.ts';
import { SOURCE } from './map-ids.ts';

/**
 * Single devices are taken from half a zoom before they are drawn, so a zoom into a street finds
 * them there (the box then taken holds the view at street zoom too).
 */
const POINTS_TAKEN_FROM = DEVICE_POINTS_ZOOM - 0.5;

/** Share of the view's width and height taken on each side around it: small pans need nothing new. */
const MARGIN = 0.25;

/** The device layer. */
export class DeviceLayer {
  private answer: DeviceColumns | null = null;
  /** The drawn answer is of another jurisdiction than the next one: draw that whatever its snapshot. */
  private replaced = false;
  private codes: Uint8Array = new Uint8Array(0);
  private keep: Uint32Array = new Uint32Array(0);
  /** The box whose devices the points source holds (null: none, or out of date). */
  private box: Box | null = null;
  private pointsQueued = false;
  private readonly onMove = () => this.queuePoints();

  constructor(
    private readonly map: MapLibreMap,
    private scenario: Scenario | null,
  ) {
    map.on('move', this.onMove);
  }

  /** Shows an answer of `/screen/devices?format=columns`. */
  apply(c: DeviceColumns): void {
    // The platform answers from a snapshot read every minute or so: the same one, the same answer.
    if (this.answer && !this.replaced && this.answer.asOf === c.asOf && this.answer.count === c.count) return;
    this.answer = c;
    this.replaced = false;
    this.codes = statusCodes(c);
    this.redraw();
    // Drawn once the map is idle again: the groups are tiled and on screen.
    if (c.count > 0) this.map.once('idle', markDevicesDrawn);
  }

  /** Keeps only the devices that watch the scenario's concern (all without one). */
  setScenario(scenario: Scenario | null): void {
    if (scenario === this.scenario) return;
    this.scenario = scenario;
    if (this.answer) this.redraw();
  }

  /** The jurisdiction changed: the next answer is drawn even from the same snapshot (a scenario meanwhile redraws the one shown). */
  reset(): void {
    this.replaced = true;
  }

  /** Stops following the camera. */
  dispose(): void {
    this.map.off('move', this.onMove);
  }

  private redraw(): void {
    const c = this.answer!;
    this.keep = keptDevices(c, this.scenario);
    setSourceData(this.map, SOURCE.deviceGroups, collection(deviceGroups(c.lon, c.lat, this.codes, this.keep)));
    this.box = null;
    this.updatePoints();
  }

  private viewBox(): Box {
    const b = this.map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
  }

  private needsPoints(): boolean {
    return this.answer !== null && this.map.getZoom() >= POINTS_TAKEN_FROM && !(this.box && boxContains(this.box, this.viewBox()));
  }

  /** At most once a frame while the camera moves. */
  private queuePoints(): void {
    if (this.pointsQueued || !this.needsPoints()) return;
    this.pointsQueued = true;
    requestAnimationFrame(() => {
      this.pointsQueued = false;
      this.updatePoints();
    });
  }

  private updatePoints(): void {
    if (!this.needsPoints()) return;
    this.box = grownBox(this.viewBox(), MARGIN);
    setSourceData(this.map, SOURCE.devices, collection(devicePointsIn(this.answer!, this.codes, this.keep, this.box)));
  }
}
