/**
 * The demo population: a deterministic synthetic registry for a few streets of 黄浦区 —
 * about 2,500 people in households, their dwellings, and a few shops per community.
 *
 * EVERYTHING HERE IS INVENTED. Names are random pairings of common surnames and given-name
 * characters; ID numbers are generated with valid check characters (so imports and matching
 * work) but random birth dates and sequences; phone numbers are all 138-0000-xxxx (a block
 * no one is reached at) and credit codes random. Any likeness to a real person or company is
 * chance. See demo/shanghai/SOURCES.md.
 *
 * People aged 70 or more living alone are tagged `elderly_alone` (独居老人) with an emergency
 * contact; `registry.elderlyAlone()` lists them with their dwellings (the elderly scenario links
 * water meters to those households).
 */
import { creditCodeCheckChar } from '../registry/credit-code.ts';
import { idNumberCheckChar } from '../registry/id-number.ts';
import { housingKey, type RecordInput } from '../registry/record-model.ts';
import type { RegistryService } from '../registry/service.ts';
import { newId } from '../platform/ids.ts';
import { mulberry32 } from '../sim/rng.ts';

/** Streets populated: 南京东路街道, 外滩街道, 豫园街道. */
export const DEMO_POPULATION_STREETS = ['310101002', '310101013', '310101018'] as const;

/** A community to populate. */
export interface PopulationCommunity {
  id: string;
  code: string;
  name: string;
  path: string;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌浩宇晨欣怡佳琪子涵梓轩雨桐思远嘉诚佩珍凤根宝林妹';
const SHOPS = [
  { name: '便利店', industry: '零售业', tags: [] as string[] },
  { name: '小吃店', industry: '餐饮业', tags: ['catering'] },
  { name: '五金店', industry: '零售业', tags: [] as string[] },
  { name: '理发店', industry: '居民服务业', tags: [] as string[] },
];
const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * Generates the records for communities, people first (housing names them as residents).
 * `idHash` is the registry's keyed hash, so the records match later imports of the same people.
 * @example generateDemoPopulation(communities, (id) => registry.idHash(id), 2026);
 */
export function generateDemoPopulation(
  communities: readonly PopulationCommunity[],
  idHash: (idNumber: string) => string,
  seed = 2026,
  peoplePerCommunity = 50,
): RecordInput[] {
  const rnd = mulberry32(seed);
  const pick = (s: string) => s[Math.floor(rnd() * s.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const name = () => pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : '');
  const phone = () => `1380000${String(int(0, 9999)).padStart(4, '0')}`;
  const usedIds = new Set<string>();
  const idNumber = (birthYear: number): string => {
    for (;;) {
      const first17 = `310101${birthYear}${String(int(1, 12)).padStart(2, '0')}${String(int(1, 28)).padStart(2, '0')}${String(int(0, 999)).padStart(3, '0')}`;
      const id = first17 + idNumberCheckChar(first17);
      if (!usedIds.has(id)) return (usedIds.add(id), id);
    }
  };
  const people: RecordInput[] = [];
  const housing: RecordInput[] = [];
  const entities: RecordInput[] = [];
  for (const c of communities) {
    const place = { communityId: c.id, jurisdictionPath: c.path };
    let placed = 0;
    for (let b = 1; placed < peoplePerCommunity; b++) {
      const building = `${c.code}-B${String(b).padStart(2, '0')}`;
      for (let floor = 1; floor <= 6 && placed < peoplePerCommunity; floor++) {
        for (let door = 1; door <= 2 && placed < peoplePerCommunity; door++) {
          const room = `${floor}0${door}`;
          const size = rnd() < 0.12 ? 1 : int(2, 4);
          const surname = pick(SURNAMES);
          const residents: string[] = [];
          for (let k = 0; k < size && placed < peoplePerCommunity; k++, placed++) {
            const birthYear = size === 1 && rnd() < 0.7 ? int(1930, 1954) : int(1950, 2008);
            const alone = size === 1 && birthYear <= 2026 - 70;
            const id = idNumber(birthYear);
            const personId = newId();
            residents.push(personId);
            people.push({
              id: personId,
              kind: 'person',
              naturalKey: idHash(id),
              ...place,
              building,
              tags: alone ? ['elderly_alone', 'elderly'] : birthYear <= 1956 ? ['elderly'] : [],
              fields: {
                name: surname + pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : ''),
                idNumber: id,
                phone: phone(),
                householdAddress: `上海市黄浦区${c.name.replace(/居委会$/, '')}${b}号`,
                address: `${c.name} ${b}号楼${room}室`,
                emergencyContactName: alone ? name() : null,
                emergencyContactPhone: alone ? phone() : null,
              },
            });
          }
          housing.push({
            kind: 'housing',
            naturalKey: housingKey(building, '1', room),
            ...place,
            building,
            tags: [],
            fields: { unit: '1', room, use: 'residential', ownerName: surname + pick(GIVEN), residentIds: residents },
          });
        }
      }
    }
    for (const shop of SHOPS.slice(0, int(1, SHOPS.length))) {
      const first17 = `91310101${Array.from({ length: 9 }, () => pick(CODE_ALPHABET)).join('')}`;
      entities.push({
        kind: 'entity',
        naturalKey: first17 + creditCodeCheckChar(first17),
        ...place,
        building: `${c.code}-B01`,
        tags: shop.tags,
        fields: {
          name: `上海${c.name.replace(/居委会$/, '')}${shop.name}（演示）`,
          creditCode: first17 + creditCodeCheckChar(first17),
          legalRepresentative: name(),
          address: `${c.name} 1号楼底商`,
          industry: shop.industry,
          licences: [],
        },
      });
    }
  }
  return [...people, ...housing, ...entities];
}

/**
 * Seeds the demo population into the registry (first start only; called by load-demo.ts).
 * @example await seedDemoPopulation({ geo, registry });
 */
export async function seedDemoPopulation(deps: {
  geo: { getByCode(code: string): { path: string } | undefined; list(level: 'community'): PopulationCommunity[] };
  registry: Pick<RegistryService, 'seed' | 'idHash'>;
}): Promise<number> {
  const streets = DEMO_POPULATION_STREETS.map((code) => deps.geo.getByCode(code)?.path).filter((p): p is string => p !== undefined);
  const communities = deps.geo.list('community').filter((c) => streets.some((s) => c.path.startsWith(s)));
  return deps.registry.seed(generateDemoPopulation(communities, deps.registry.idHash));
}
