/** The one ordered set of migrations, for every dialect. Add new files here in order. */
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_sensing.ts';
import * as m0003 from './0003_rules.ts';
import * as m0004 from './0004_alerts.ts';
import * as m0005 from './0005_cases.ts';
import * as m0006 from './0006_audit.ts';
import * as m0007 from './0007_registry.ts';
import * as m0008 from './0008_checkin.ts';
import * as m0009 from './0009_security.ts';
import * as m0010 from './0010_welfare.ts';
import * as m0011 from './0011_citizen.ts';
import * as m0012 from './0012_open311.ts';
import * as m0013 from './0013_scenarios.ts';
import * as m0014 from './0014_bridge.ts';
import * as m0015 from './0015_cases_lean_indexes.ts';
import * as m0016 from './0016_cases_open_state_indexes.ts';

/** Migrations by name; names sort in the order they must run. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_sensing': m0002,
  '0003_rules': m0003,
  '0004_alerts': m0004,
  '0005_cases': m0005,
  '0006_audit': m0006,
  '0007_registry': m0007,
  '0008_checkin': m0008,
  '0009_security': m0009,
  '0010_welfare': m0010,
  '0011_citizen': m0011,
  '0012_open311': m0012,
  '0013_scenarios': m0013,
  '0014_bridge': m0014,
  '0015_cases_lean_indexes': m0015,
  '0016_cases_open_state_indexes': m0016,
};
