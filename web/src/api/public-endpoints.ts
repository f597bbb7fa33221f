/**
 * One typed function per route of the public portal, the open data, moderation and the bridge
 * (issue 7). The public ones need no session: the client sends no CSRF header without one.
 */
import { api } from './client.ts';
import { geoApi } from './endpoints.ts';
import type { FeatureCollection } from './types.ts';
import type {
  BridgeCallback,
  BridgeSystem,
  FollowedReport,
  HeldSubmission,
  MonthStats,
  PublicPhoto,
  PublicReport,
  PublicReportInput,
  Scenario,
  ScenarioSnapshot,
  Submission,
} from './public-types.ts';

const enc = encodeURIComponent;

/** The citizen's portal: report, follow, rate (no sign-in). */
export const portalApi = {
  /** Uploads one photo (multipart field `photo`); the server strips EXIF/XMP before keeping it. */
  uploadPhoto(file: Blob, name: string): Promise<PublicPhoto> {
    const form = new FormData();
    form.append('photo', file, name);
    return api.post<PublicPhoto>('/api/v1/public/photos', form);
  },
  /** Where the browser loads a citizen photo from. */
  photoUrl: (id: string) => `/api/v1/public/photos/${enc(id)}`,
  /** Sends a report: 201 with the follow token; 429 (Retry-After) when sent too often; 422 naming the field. */
  submit: (input: PublicReportInput) => api.post<Submission>('/api/v1/public/reports', input),
  /** Open reports near a point (default 300 m), to spot one's problem already reported. */
  nearby: async (lon: number, lat: number, radius?: number, category?: string): Promise<PublicReport[]> =>
    (await api.get<{ items: PublicReport[] }>('/api/v1/public/reports', { query: { lon, lat, radius, category } })).items,
  /** A report by its follow token (a held one answers with its submission state and no case). */
  follow: (token: string) => api.get<FollowedReport>(`/api/v1/public/reports/${enc(token)}`),
  /** Rates a closed report once (409 when not closed or already rated). */
  rate: (token: string, score: number, comment?: string) =>
    api.post<unknown>(`/api/v1/public/reports/${enc(token)}/rating`, { score, ...(comment ? { comment } : {}) }),
};

/** Paths of the open data files (links, not fetched by the page). */
export const OPEN_DATA_FILES = {
  scenariosJson: '/api/v1/public/scenarios',
  scenariosCsv: '/api/v1/public/scenarios.csv',
  scenariosAtom: '/api/v1/public/scenarios.atom',
  snapshot: (month: string) => `/api/v1/public/scenarios/snapshots/${enc(month)}`,
  statsJson: (month: string) => `/api/v1/public/stats?month=${enc(month)}`,
  statsCsv: (month: string) => `/api/v1/public/stats.csv?month=${enc(month)}`,
} as const;

/** Published scenarios and open statistics (no sign-in). */
export const openDataApi = {
  scenarios: () => api.get<{ items: Scenario[]; generatedAt: number | string }>('/api/v1/public/scenarios'),
  snapshots: async (): Promise<ScenarioSnapshot[]> =>
    (await api.get<{ items: ScenarioSnapshot[] }>('/api/v1/public/scenarios/snapshots')).items,
  months: async (): Promise<string[]> => (await api.get<{ items: string[] }>('/api/v1/public/stats/months')).items,
  stats: (month: string) => api.get<MonthStats>('/api/v1/public/stats', { query: { month } }),
};

/** The moderation queue (admin, shift lead, intake; audited on the server). */
export const moderationApi = {
  held: async (): Promise<HeldSubmission[]> =>
    (await api.get<{ items: HeldSubmission[] }>('/api/v1/moderation/submissions', { query: { state: 'held' } })).items,
  /** Files the held report as a case now (duplicates joined). */
  approve: (id: string) =>
    api.post<{ caseId: string; caseCode: string; duplicateOf: string | null }>(`/api/v1/moderation/submissions/${enc(id)}/approve`, {}),
  /** Refuses it with a reason the citizen sees on the follow page. */
  reject: (id: string, reason: string) => api.post<{ state: 'rejected' }>(`/api/v1/moderation/submissions/${enc(id)}/reject`, { reason }),
};

/** The 12345 / 一网通办 bridge, for admins. */
export const bridgeApi = {
  systems: async (): Promise<BridgeSystem[]> => (await api.get<{ items: BridgeSystem[] }>('/api/v1/bridge/systems')).items,
  deadCallbacks: async (): Promise<BridgeCallback[]> =>
    (await api.get<{ items: BridgeCallback[] }>('/api/v1/bridge/callbacks', { query: { state: 'dead' } })).items,
  retry: (id: string) => api.post<unknown>(`/api/v1/bridge/callbacks/${enc(id)}/retry`, {}),
};

let districtShapes: Promise<FeatureCollection> | null = null;

/**
 * The city's districts as GeoJSON polygons from the public jurisdiction routes, for the public
 * pick map (the screen's layer needs a session). Fetched once per page load.
 * @example const fc = await publicDistrictPolygons(); fc.features.length // 16 in Shanghai
 */
export function publicDistrictPolygons(): Promise<FeatureCollection> {
  districtShapes ??= (async () => {
    const { items } = await geoApi.list({ level: 'district' });
    const features = await Promise.all(
      items.map((d) => api.get<FeatureCollection['features'][number]>(`/api/v1/jurisdictions/${enc(d.id)}/boundary`)),
    );
    return { type: 'FeatureCollection' as const, features };
  })().catch((e: unknown) => {
    districtShapes = null;
    throw e;
  });
  return districtShapes;
}
