/**
 * Open311 GeoReport v2 use-cases over the citizen core: discovery, the service list and
 * definitions, posting a request (api_key, location by coordinates or address, attribute
 * answers), a token's request id, the requests and their status history
 * (servicerequestupdates). Answers are plain values; routes.ts renders them as JSON or XML.
 * Refusals are {@link Open311Error}s with the spec's statuses.
 */
import type { Clock } from '../../platform/clock.ts';
import type { CitizenService } from '../citizen/service.ts';
import type { PublicReport } from '../citizen/model.ts';
import { open311Error, Open311Error } from './errors.ts';
import { DISCOVERY_FORMATS } from './format-model.ts';
import {
  checkAttributes,
  getService,
  listServices,
  serviceDefinition,
  type ServiceEntry,
  type Open311ServiceDefinition,
} from './services-model.ts';
import { SERVICES_CHANGESET } from './service-attributes.ts';
import {
  collectParams,
  duplicateNotice,
  fullName,
  parsePostFields,
  toOpen311Request,
  toOpen311Update,
  type Open311Request,
  type Open311RequestUpdate,
} from './request-model.ts';
import { commaList, MAX_IDS, MAX_REQUESTS, requestsQuery, timeWindow, type RawQuery } from './query-model.ts';
import { placeFromAddress, type NamedPlace } from './address-model.ts';
import type { KeyService } from './key-service.ts';

/** The parts of the citizen core Open311 uses. */
export type Open311Citizen = Pick<CitizenService, 'submit' | 'follow' | 'list' | 'history'>;

/** Where places come from: jurisdictions by id or code, all of them, and locate. */
export interface Open311Geo {
  find(idOrCode: string): (NamedPlace & { path: string }) | undefined;
  list(): readonly (NamedPlace & { path: string })[];
  locate(lon: number, lat: number): readonly { id: string }[];
  /** True for the city's own jurisdiction id or division code (accepted as jurisdiction_id too). */
  isCity(idOrCode: string): boolean;
}

/** Settings with defaults. */
export interface Open311Settings {
  /** The jurisdiction_id this endpoint serves (spec: the city's web domain, e.g. `shanghai.cityops`). */
  jurisdictionId: string;
  timeZone: string;
  contact?: string;
  keyService?: string;
}

/** What the Open311 service needs. */
export interface Open311Deps {
  citizen: Open311Citizen;
  keys: KeyService;
  geo: Open311Geo;
  clock: Clock;
  settings: Open311Settings;
}

/** Where a request came from and where the endpoint lives (for absolute URLs). */
export interface CallContext {
  ip: string;
  /** `http://host:port` of the call. */
  origin: string;
}

/** Discovery (wiki: Service Discovery). */
export interface Open311Discovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: { specification: string; url: string; changeset: string; type: 'production' | 'test'; formats: string[] }[];
}

/** An answer to POST requests (one element). */
export type PostAnswer =
  | { service_request_id: string; service_notice: string | null; account_id: string | null }
  | { token: string; service_notice: string | null; account_id: string | null };

/** Where the API lives under the platform's origin. */
export const OPEN311_BASE = '/open311/v2';

const DEFAULT_CONTACT =
  '城市运行管理中心 平台运维 — 请通过 12345 热线或平台管理员联系 (contact the platform operators through the 12345 hotline or your administrator)';
const DEFAULT_KEY_SERVICE = '向平台管理员申请 api_key（cityops open311 key create <name>） — ask the platform administrator for an api_key';

/**
 * Creates the Open311 service.
 * @example const open311 = createOpen311Service({ citizen, keys, geo, clock, settings: { jurisdictionId: 'shanghai.cityops', timeZone: 'Asia/Shanghai' } });
 */
export function createOpen311Service(deps: Open311Deps) {
  const { settings } = deps;
  const tz = settings.timeZone;

  /** Only this city's id (or its division code), or none (the spec lets single-jurisdiction endpoints treat it as optional). */
  function checkJurisdiction(value: string | undefined): void {
    const v = value?.trim();
    if (v && v.toLowerCase() !== settings.jurisdictionId.toLowerCase() && !deps.geo.isCity(v))
      throw open311Error(404, `jurisdiction_id ${v} was not found; this endpoint serves ${settings.jurisdictionId}`);
  }

  function service(code: string): ServiceEntry {
    const s = getService(code);
    if (!s) throw open311Error(404, `service_code ${code} was not found`);
    return s;
  }

  function place(fields: { lat?: number; long?: number; address_id?: string; address_string?: string }): { lon: number; lat: number } {
    if (fields.lat !== undefined && fields.long !== undefined) return { lon: fields.long, lat: fields.lat };
    if (fields.address_id !== undefined) {
      const j = deps.geo.find(fields.address_id);
      if (!j)
        throw open311Error(400, `address_id ${fields.address_id} is not a known address (jurisdiction id or code); send lat and long`);
      return { lon: j.center[0], lat: j.center[1] };
    }
    const found = placeFromAddress(fields.address_string ?? '', deps.geo.list());
    if (!found)
      throw open311Error(400, 'address_string names no place this city knows (a district, street or community); send lat and long');
    return { lon: found.center[0], lat: found.center[1] };
  }

  async function submit(sources: readonly unknown[], ctx: CallContext): Promise<PostAnswer[]> {
    const params = collectParams(sources);
    checkJurisdiction(params.fields.jurisdiction_id);
    const apiKey = params.fields.api_key?.trim();
    if (!apiKey) throw open311Error(403, 'api_key is required to create a service request');
    const key = await deps.keys.verify(apiKey);
    if (!key) throw open311Error(403, "Invalid api_key received -- can't proceed with create_request.");
    const parsed = parsePostFields(params.fields);
    if (!parsed.ok)
      throw new Open311Error(
        400,
        parsed.problems.map((description) => ({ code: 400, description })),
      );
    const f = parsed.value;
    const svc = service(f.service_code);
    const answers = checkAttributes(svc.service_code, params.attributes);
    if (answers.problems.length > 0)
      throw new Open311Error(
        400,
        answers.problems.map((description) => ({ code: 400, description })),
      );
    const at = place(f);
    if (key.jurisdictionPath !== null) {
      const deepest = deps.geo.locate(at.lon, at.lat).at(-1);
      const path = deepest ? deps.geo.find(deepest.id)?.path : undefined;
      if (!path?.startsWith(key.jurisdictionPath))
        throw open311Error(403, `this api_key may report only inside its jurisdiction; the location lies outside it`);
    }
    const name = fullName(f.first_name, f.last_name);
    const submission = await deps.citizen.submit(
      {
        channel: 'open311',
        clientId: key.name,
        category: svc.service_code,
        // A request without words still says what it is about.
        description: f.description ?? svc.service_name,
        location: { lon: at.lon, lat: at.lat, crs: 'wgs84', address: f.address_string ?? null },
        contact: name || f.phone || f.email ? { name, phone: f.phone ?? null, email: f.email ?? null } : null,
        mediaUrl: f.media_url ?? null,
        attributes: answers.values,
        externalRef: null,
      },
      { ip: ctx.ip },
    );
    const account = f.account_id ?? null;
    if (submission.state === 'rejected') throw open311Error(400, `the request was refused: ${submission.reason ?? 'not acceptable'}`);
    if (submission.state === 'held' || submission.caseCode === null) {
      return [
        {
          token: submission.token,
          service_notice:
            '您的反映已收到，正在审核，审核通过后立案；可用 token 查询编号。 Received and under review; look the request id up by its token.',
          account_id: account,
        },
      ];
    }
    const master = submission.duplicateOf;
    return [
      {
        service_request_id: master ?? submission.caseCode,
        service_notice: master ? duplicateNotice(master) : `已立案，编号 ${submission.caseCode}。 Filed as case ${submission.caseCode}.`,
        account_id: account,
      },
    ];
  }

  return {
    checkJurisdiction,

    /** Discovery: this one production endpoint in both formats. */
    discovery(ctx: CallContext): Open311Discovery {
      return {
        changeset: SERVICES_CHANGESET,
        contact: settings.contact ?? DEFAULT_CONTACT,
        key_service: settings.keyService ?? DEFAULT_KEY_SERVICE,
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${ctx.origin}${OPEN311_BASE}`,
            changeset: SERVICES_CHANGESET,
            type: 'production',
            formats: [...DISCOVERY_FORMATS],
          },
        ],
      };
    },

    services(): readonly ServiceEntry[] {
      return listServices();
    },

    definition(code: string): Open311ServiceDefinition {
      return serviceDefinition(service(code).service_code);
    },

    submit,

    /** The request id behind a token; a held request answers its token alone (no id yet). */
    async token(token: string): Promise<{ service_request_id?: string; token: string }[]> {
      const followed = token.length <= 200 ? await deps.citizen.follow(token) : undefined;
      if (!followed || followed.submission.state === 'rejected') throw open311Error(404, 'token was not found');
      const r = followed.report;
      if (!r) return [{ token }];
      return [{ service_request_id: r.duplicateOf ?? r.code, token }];
    },

    /** GET requests with the spec's filters and defaults. */
    async requests(q: RawQuery, ctx: CallContext): Promise<Open311Request[]> {
      const parsed = requestsQuery(q, deps.clock.now(), tz);
      if (!parsed.ok)
        throw new Open311Error(
          400,
          parsed.problems.map((description) => ({ code: 400, description })),
        );
      const reports = await deps.citizen.list(parsed.query);
      return reports.slice(0, MAX_REQUESTS).map((r) => toOpen311Request(r, { timeZone: tz, origin: ctx.origin }));
    },

    /** GET requests/{id}: an array of one (spec). */
    async request(id: string, ctx: CallContext): Promise<Open311Request[]> {
      const r = await one(id);
      return [toOpen311Request(r, { timeZone: tz, origin: ctx.origin })];
    },

    /**
     * servicerequestupdates: status steps of requests, oldest first — of the requests named by
     * `service_request_id`, or of the requests changed between start_date and end_date (default
     * the last 90 days).
     */
    async updates(q: RawQuery): Promise<Open311RequestUpdate[]> {
      const ids = commaList(q, 'service_request_id');
      if (ids.length > MAX_IDS) throw open311Error(400, `service_request_id names more than ${MAX_IDS} requests`);
      const window = timeWindow(q, deps.clock.now(), tz);
      if ('problems' in window)
        throw new Open311Error(
          400,
          window.problems.map((description) => ({ code: 400, description })),
        );
      const named = ids.length > 0;
      const reports = named
        ? await deps.citizen.list({ ids, limit: MAX_REQUESTS })
        : // Requests changed in the window were reported before its end; the newest ones first.
          (await deps.citizen.list({ to: window.to + 1, limit: MAX_REQUESTS, order: 'newest' })).filter((r) => r.updatedAt >= window.from);
      const steps: { at: number; update: Open311RequestUpdate }[] = [];
      for (const r of reports) {
        for (const u of await deps.citizen.history(r.caseId)) {
          if (named || (u.at >= window.from && u.at <= window.to)) steps.push({ at: u.at, update: toOpen311Update(u, r.code, tz) });
        }
      }
      steps.sort((a, b) => a.at - b.at || a.update.update_id.localeCompare(b.update.update_id));
      return steps.slice(0, MAX_REQUESTS).map((s) => s.update);
    },
  };

  async function one(id: string): Promise<PublicReport> {
    const trimmed = id.trim();
    const found = trimmed.length > 0 && trimmed.length <= 64 ? (await deps.citizen.list({ ids: [trimmed], limit: 1 }))[0] : undefined;
    // Only by its code (the service_request_id), not the internal case id.
    if (!found || found.code !== trimmed) throw open311Error(404, `service_request_id ${id} was not found`);
    return found;
  }
}

/** The Open311 service. */
export type Open311Service = ReturnType<typeof createOpen311Service>;
