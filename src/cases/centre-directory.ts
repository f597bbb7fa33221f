/**
 * The operation centres and unit places routing needs, read from the directory and the city
 * model and cached: ~250 centres are looked at on every case, so they are not recomputed per
 * case. The cache is rebuilt when the directory's unit count changes (a unit added).
 */
import type { DirectoryService } from '../directory/service.ts';
import type { GeoService } from '../geo/service.ts';
import type { Unit } from '../directory/model.ts';
import { centreInCharge, isCentreLevel, type CentreRef } from './routing-model.ts';

/** Centres and unit paths for routing. */
export interface CentreDirectory {
  /** Every operation centre at street, district or city level. */
  centres(): readonly CentreRef[];
  /** The centre with this id, if it is one. */
  centre(id: string): CentreRef | undefined;
  /** A unit and the materialized path of its jurisdiction. */
  unit(id: string): { unit: Unit; path: string } | undefined;
  /** {@link centreInCharge} over these centres, remembered per place and unit path. */
  inCharge(casePath: string, unitPath: string | null): CentreRef | undefined;
}

/**
 * Creates the cached view.
 * @example const centres = createCentreDirectory(directory, geo); centres.centres().length;
 */
export function createCentreDirectory(directory: DirectoryService, geo: GeoService): CentreDirectory {
  let builtFor = -1;
  let list: CentreRef[] = [];
  let byId = new Map<string, CentreRef>();
  // Place path → unit path → centre in charge: intake asks for every case, and a city has far
  // fewer (place, unit) pairs than cases.
  let inChargeOf = new Map<string, Map<string | null, CentreRef | undefined>>();

  function refresh(): void {
    const count = directory.unitCount();
    if (count === builtFor) return;
    list = [];
    for (const city of geo.list('city'))
      for (const u of directory.listUnits(city.path, 'centre')) {
        const j = geo.get(u.jurisdictionId);
        if (j && isCentreLevel(j.level)) list.push({ id: u.id, level: j.level, path: j.path });
      }
    byId = new Map(list.map((c) => [c.id, c]));
    inChargeOf = new Map();
    builtFor = count;
  }

  return {
    centres() {
      refresh();
      return list;
    },
    centre(id) {
      refresh();
      return byId.get(id);
    },
    inCharge(casePath, unitPath) {
      refresh();
      let byUnit = inChargeOf.get(casePath);
      if (!byUnit) inChargeOf.set(casePath, (byUnit = new Map<string | null, CentreRef | undefined>()));
      if (byUnit.has(unitPath)) return byUnit.get(unitPath);
      const centre = centreInCharge(casePath, unitPath, list);
      byUnit.set(unitPath, centre);
      return centre;
    },
    unit(id) {
      const unit = directory.getUnit(id);
      const j = unit ? geo.get(unit.jurisdictionId) : undefined;
      return unit && j ? { unit, path: j.path } : undefined;
    },
  };
}
