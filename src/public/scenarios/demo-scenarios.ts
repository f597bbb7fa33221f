/**
 * The demo city's register of application scenarios: the four scenarios the demo runs
 * (standing water, the elderly living alone, construction sites and falling objects, manhole
 * covers), each watching the demo rules (src/rules/demo-rules.ts) and the case classes their
 * alert policies file, plus two not launched yet. Seeded on the demo's first start. Pure data.
 */
import type { ScenarioFields } from './model.ts';

/** Small classes of manhole covers and grates (P0101–P0111), as the demo alert policies use them. */
const MANHOLE = Array.from({ length: 11 }, (_, i) => `P01${String(i + 1).padStart(2, '0')}`);

/**
 * The demo register.
 * @example await scenarios.seed(demoScenarios());
 */
export function demoScenarios(): ScenarioFields[] {
  return [
    {
      slug: 'standing-water',
      name: '道路积水监测处置',
      nameEn: 'Standing water on roads',
      department: '市水务局 · Water Authority',
      status: 'online',
      launchDate: '2026-06-01',
      watches: '下立交、低洼道路的积水水位计与视频：积水超过15厘米持续5分钟或快速上涨时预警，橙色及以上立案派排水养护单位处置。',
      watchesEn:
        'Water-level gauges and cameras at underpasses and low roads: a warning when water stands over 15 cm for 5 minutes or rises fast; orange and red warnings become cases for the drainage crews.',
      ruleIds: ['demo-standing-water-level', 'demo-standing-water-rise', 'demo-standing-water-camera'],
      categories: ['E0401'],
    },
    {
      slug: 'elderly-living-alone',
      name: '独居老人关爱',
      nameEn: 'Elderly people living alone',
      department: '市民政局、各街道 · Civil Affairs Bureau and street offices',
      status: 'online',
      launchDate: '2026-07-15',
      watches: '独居老人家中的智能水表与门磁：12小时几乎不用水或24小时未开门时，居委会上门探视。',
      watchesEn:
        'Smart water meters and door sensors in the homes of elderly people living alone: almost no water for 12 hours, or the door not opened for 24 hours, sends the neighbourhood committee on a visit.',
      ruleIds: ['demo-elderly-no-water', 'demo-door-not-opened'],
      categories: ['E0602'],
    },
    {
      slug: 'construction-safety',
      name: '工地安全与高空抛物',
      nameEn: 'Construction sites and objects thrown from height',
      department: '市住房城乡建设管理委、公安 · Construction Commission and police',
      status: 'online',
      launchDate: '2026-09-01',
      watches: '工地与高层住宅的智能摄像头：识别未戴安全帽、追溯高空抛物楼层，立案交建设管理部门和居委会处置。',
      watchesEn:
        'AI cameras on building sites and at tall housing: workers without hard hats, and objects thrown from height traced to a floor, become cases for construction management and the neighbourhood committee.',
      ruleIds: ['demo-no-helmet', 'demo-falling-object'],
      categories: ['E0302', 'E0601'],
    },
    {
      slug: 'manhole-covers',
      name: '井盖安全监测',
      nameEn: 'Manhole covers',
      department: '市道路运输局、管线单位 · Road Transport Bureau and utilities',
      status: 'online',
      launchDate: '2026-05-01',
      watches: '井盖倾角传感器：倾斜超过15度或被打开时红色预警并立即立案，派权属单位处置。',
      watchesEn:
        'Tilt sensors on manhole covers: a cover tilted more than 15° or opened raises a red warning and an urgent case for its owner.',
      ruleIds: ['demo-manhole-cover'],
      categories: MANHOLE,
    },
    {
      slug: 'exposed-garbage',
      name: '暴露垃圾智能发现',
      nameEn: 'Exposed garbage',
      department: '市绿化市容局 · Greening and City Appearance Bureau',
      status: 'building',
      launchDate: null,
      watches: '道路视频识别暴露垃圾，提示街道环卫处置（建设中，暂未立案）。',
      watchesEn: 'Street cameras spotting exposed garbage for the street cleaners (being built; no cases yet).',
      ruleIds: ['demo-garbage'],
      categories: ['E0102'],
    },
    {
      slug: 'gas-leaks',
      name: '燃气泄漏预警',
      nameEn: 'Gas leaks',
      department: '市住房城乡建设管理委（燃气） · Construction Commission (gas)',
      status: 'planned',
      launchDate: null,
      watches: '餐饮场所与老旧小区的燃气报警器接入（规划中）。',
      watchesEn: 'Gas detectors in restaurants and older housing estates (planned).',
      ruleIds: [],
      categories: [],
    },
  ];
}
