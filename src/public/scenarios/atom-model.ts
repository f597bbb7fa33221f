/**
 * The register's Atom 1.0 feed (RFC 4287): one entry per change of a scenario (added, status or
 * description changed …) and one per frozen monthly snapshot, newest first. Built with
 * fast-xml-parser's builder, which escapes text and attributes; characters XML 1.0 cannot carry
 * at all (most C0 controls) are dropped first, because escaping cannot make them legal.
 *
 * Ids are `urn:uuid:` IRIs, stable across requests: a revision's own UUIDv7 id, a snapshot's
 * UUID taken from its SHA-256, the feed's a fixed one. Links are relative to the feed's own URL.
 * Pure.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { ScenarioFields } from './model.ts';
import type { Revision, SnapshotRow } from './snapshot-model.ts';

/** Where the feed and its entries point (paths on the platform). */
export const FEED_PATHS = {
  self: '/api/v1/public/scenarios.atom',
  register: '/api/v1/public/scenarios',
  snapshot: (month: string) => `/api/v1/public/scenarios/snapshots/${month}`,
} as const;

/** The feed's fixed id. */
export const FEED_ID = 'urn:uuid:6a1f3c52-8d0e-4b7a-9c21-5e3f0a7d9b14';

/** Entries the feed carries at most. */
export const FEED_LIMIT = 100;

/** What the feed is built from. */
export interface FeedInput {
  revisions: readonly Revision[];
  snapshots: readonly Pick<SnapshotRow, 'month' | 'sha256' | 'frozenAt'>[];
  /** The author named on the feed (the publishing office). */
  author: string;
  /** When the feed was asked for: its `updated` when it has no entries. */
  now: number;
}

// XML 1.0 Char production without the surrogate range (strings hold pairs, which are fine).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDFFF]/g;

/** Text safe for an XML 1.0 document (escaping is the builder's job). */
export function xmlText(s: string): string {
  return s.replace(NOT_XML_CHAR, '');
}

/**
 * A UUID-shaped IRI from a hex digest (version nibble 8, "custom", variant 10).
 * @example uuidFromHex('e3b0c44298fc1c149afbf4c8996fb924…') // 'urn:uuid:e3b0c442-98fc-8c14-9afb-f4c8996fb924'
 */
export function uuidFromHex(hex: string): string {
  const h = hex.slice(0, 32).padEnd(32, '0').split('');
  h[12] = '8';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `urn:uuid:${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

const STATUS_NAMES: Record<ScenarioFields['status'], { zh: string; en: string }> = {
  planned: { zh: '规划中', en: 'planned' },
  building: { zh: '建设中', en: 'being built' },
  online: { zh: '已上线', en: 'online' },
  retired: { zh: '已下线', en: 'retired' },
};

const FIELD_NAMES: Record<keyof ScenarioFields, { zh: string; en: string }> = {
  slug: { zh: '标识', en: 'slug' },
  name: { zh: '名称', en: 'name' },
  nameEn: { zh: '英文名称', en: 'English name' },
  department: { zh: '责任部门', en: 'department' },
  status: { zh: '状态', en: 'status' },
  launchDate: { zh: '上线日期', en: 'launch date' },
  watches: { zh: '监测内容', en: 'what it watches (Chinese)' },
  watchesEn: { zh: '英文监测内容', en: 'what it watches' },
  ruleIds: { zh: '预警规则', en: 'warning rules' },
  categories: { zh: '案件小类', en: 'case categories' },
};

/**
 * What changed between two revisions, in both languages ("状态：建设中 → 已上线 · status: being built → online").
 * @example changeSummary(null, fields) // '新增场景 · scenario added: …'
 */
export function changeSummary(prev: ScenarioFields | null, next: ScenarioFields): string {
  const status = STATUS_NAMES[next.status];
  if (prev === null) return `新增场景「${next.name}」（${status.zh}，${next.department}） · scenario added: ${next.nameEn} (${status.en})`;
  const parts: string[] = [];
  for (const key of Object.keys(FIELD_NAMES) as (keyof ScenarioFields)[]) {
    const a = prev[key];
    const b = next[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const names = FIELD_NAMES[key];
    if (key === 'status') {
      const from = STATUS_NAMES[prev.status];
      parts.push(`${names.zh}：${from.zh} → ${status.zh} · ${names.en}: ${from.en} → ${status.en}`);
    } else if (key === 'ruleIds' || key === 'categories' || key === 'launchDate') {
      const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') || '—' : ((v as string | null) ?? '—'));
      parts.push(`${names.zh} · ${names.en}: ${show(a)} → ${show(b)}`);
    } else parts.push(`${names.zh}已更新 · ${names.en} changed`);
  }
  return parts.length > 0 ? parts.join('；') : '无变化 · no change';
}

interface Entry {
  at: number;
  xml: Record<string, unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The feed as XML text.
 * @example atomFeed({ revisions, snapshots, author: '城市运行管理中心', now })
 */
export function atomFeed(input: FeedInput): string {
  const entries: Entry[] = [];
  const lastOf = new Map<string, Revision>();
  for (const r of [...input.revisions].sort((a, b) => a.at - b.at || a.version - b.version)) {
    const prev = lastOf.get(r.scenarioId) ?? null;
    lastOf.set(r.scenarioId, r);
    const title =
      r.action === 'create' ? `新增：${r.data.name} · Added: ${r.data.nameEn}` : `更新：${r.data.name} · Updated: ${r.data.nameEn}`;
    entries.push({
      at: r.at,
      xml: {
        id: `urn:uuid:${r.id}`,
        title: { '@_type': 'text', '#text': xmlText(title) },
        updated: iso(r.at),
        link: { '@_rel': 'alternate', '@_type': 'application/json', '@_href': `${FEED_PATHS.register}#${r.data.slug}` },
        category: { '@_term': r.data.status },
        summary: { '@_type': 'text', '#text': xmlText(changeSummary(prev?.data ?? null, r.data)) },
      },
    });
  }
  for (const s of input.snapshots)
    entries.push({
      at: s.frozenAt,
      xml: {
        id: uuidFromHex(s.sha256),
        title: { '@_type': 'text', '#text': `${s.month} 月度快照 · Monthly snapshot ${s.month}` },
        updated: iso(s.frozenAt),
        link: { '@_rel': 'alternate', '@_type': 'application/json', '@_href': FEED_PATHS.snapshot(s.month) },
        category: { '@_term': 'snapshot' },
        summary: {
          '@_type': 'text',
          '#text': `${s.month} 的场景清单与使用数据已冻结，SHA-256 ${s.sha256} · The register and its figures for ${s.month} are frozen, SHA-256 ${s.sha256}`,
        },
      },
    });
  entries.sort((a, b) => b.at - a.at);
  const shown = entries.slice(0, FEED_LIMIT);
  const feed = {
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    feed: {
      '@_xmlns': 'http://www.w3.org/2005/Atom',
      '@_xml:lang': 'zh-CN',
      id: FEED_ID,
      title: { '@_type': 'text', '#text': '应用场景建设情况 · Application scenarios' },
      subtitle: { '@_type': 'text', '#text': '场景清单变更与月度快照 · Changes to the register and monthly snapshots' },
      updated: iso(shown[0]?.at ?? input.now),
      author: { name: xmlText(input.author) },
      link: [
        { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': FEED_PATHS.self },
        { '@_rel': 'alternate', '@_type': 'application/json', '@_href': FEED_PATHS.register },
      ],
      generator: 'cityops',
      entry: shown.map((e) => e.xml),
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });
  return builder.build(feed);
}
