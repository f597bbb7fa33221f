/**
 * The demo city's warning rules: the scenarios of MISSION.md (standing water, the elderly
 * living alone, manhole covers, falling objects, hard hats) plus the everyday ones (burst pipe,
 * device offline, a door not opened, exposed garbage). City-wide, enabled, with fixed ids so
 * installing them twice changes nothing. Case categories are small classes of the catalogue
 * (src/cases/catalogue-*.ts). Pure data.
 */
import type { z } from 'zod';
import type { RuleInput } from './rule-schema.ts';

/** A rule definition as the API takes it, with a fixed id. */
export type DemoRule = z.input<typeof RuleInput> & { id: string };

/** Tag the sensing demo puts on water meters and door sensors of elderly people living alone. */
export const ELDERLY_TAG = 'elderly_alone';

/** A device-offline rule: no reading at all for `after`. */
function offline(id: string, name: string, after: string, deviceTypes: string[]): DemoRule {
  return {
    id,
    name,
    description: `No reading at all for ${after}.`,
    kind: 'absence',
    params: { after },
    appliesTo: { deviceTypes },
    level: 'blue',
    messageTemplate: '{device} 已 {after} 无数据（最后一次 {lastSeen}）',
    caseCategory: null,
  };
}

/**
 * The demo rules.
 * @example await rules.ensure(demoRules(), cityAdmin);
 */
export function demoRules(): DemoRule[] {
  return [
    {
      id: 'demo-standing-water-level',
      name: '道路积水超警戒',
      description: 'Standing water deeper than 15 cm for 5 minutes; clears below 10 cm.',
      kind: 'threshold',
      params: { metric: 'water_level_cm', op: '>', threshold: 15, for: '5m', clear: { op: '<', threshold: 10 } },
      appliesTo: { deviceTypes: ['water_level_gauge'] },
      level: 'orange',
      messageTemplate: '{device} 积水水位 {value} cm 超过 {threshold} cm 已持续 {for}',
      caseCategory: 'E0401',
    },
    {
      id: 'demo-standing-water-rise',
      name: '积水快速上涨',
      description: 'Water level rising by 10 cm or more within 10 minutes (a rainstorm filling the street).',
      kind: 'rate',
      params: { metric: 'water_level_cm', direction: 'rising', delta: 10, within: '10m' },
      appliesTo: { deviceTypes: ['water_level_gauge'] },
      level: 'yellow',
      messageTemplate: '{device} 水位 {within} 内上涨 {value} cm（当前 {current} cm）',
      caseCategory: 'E0401',
    },
    {
      id: 'demo-elderly-no-water',
      name: '独居老人用水异常',
      description: 'Less than 0.01 m³ of water in 12 hours at the home of an elderly person living alone (Shanghai practice).',
      kind: 'aggregate',
      params: { fn: 'sum', metric: 'volume_m3', window: '12h', op: '<', threshold: 0.01, buckets: 12 },
      appliesTo: { deviceTypes: ['water_meter'], tags: { all: [ELDERLY_TAG] } },
      level: 'yellow',
      messageTemplate: '{device}（{household}）{window} 用水 {value} m³，低于 {threshold} m³，请上门查看',
      caseCategory: 'E0602',
    },
    {
      id: 'demo-burst-pipe',
      name: '疑似爆管漏水',
      description: 'More than 2 m³ through one meter in 24 hours.',
      kind: 'aggregate',
      params: { fn: 'sum', metric: 'volume_m3', window: '24h', op: '>', threshold: 2, buckets: 24 },
      appliesTo: { deviceTypes: ['water_meter'] },
      level: 'orange',
      messageTemplate: '{device} {window} 用水 {value} m³，超过 {threshold} m³，疑似爆管',
      caseCategory: 'E0403',
    },
    {
      id: 'demo-manhole-cover',
      name: '井盖倾斜或开启',
      description: 'A manhole cover tilted more than 15° (clears below 5°) or open.',
      kind: 'threshold',
      params: {
        metric: 'tilt_deg',
        op: '>',
        threshold: 15,
        clear: { op: '<', threshold: 5 },
        or: [{ metric: 'open', op: '==', threshold: true }],
      },
      appliesTo: { deviceTypes: ['manhole_cover'] },
      level: 'red',
      messageTemplate: '{device} 井盖异常：{metric} = {value}',
      caseCategory: 'P0103',
    },
    // Offline after the silence sensing also calls offline for the type (device-types.ts).
    offline('demo-device-offline', '设备离线（积水监测）', '30m', ['water_level_gauge']),
    offline('demo-device-offline-gas', '设备离线（燃气报警）', '1h', ['gas_detector']),
    offline('demo-device-offline-daily', '设备离线（日报设备）', '24h', ['water_meter', 'manhole_cover', 'smoke_detector', 'door_sensor']),
    {
      id: 'demo-door-not-opened',
      name: '独居老人24小时未开门',
      description: 'The door of an elderly person living alone not opened for 24 hours.',
      kind: 'absence',
      params: { after: '24h', metric: 'open', value: true },
      appliesTo: { deviceTypes: ['door_sensor'], tags: { all: [ELDERLY_TAG] } },
      level: 'yellow',
      messageTemplate: '{device}（{household}）{after} 未开门，请上门查看',
      caseCategory: 'E0602',
    },
    {
      id: 'demo-falling-object',
      name: '高空抛物',
      description: 'An AI camera saw an object thrown from height and traced it to a floor.',
      kind: 'detection',
      params: { types: ['falling_object'], minConfidence: 0.6 },
      appliesTo: { deviceTypes: ['camera'] },
      level: 'red',
      messageTemplate: '{camera} 发现高空抛物：{building} {unit} {floor} 层（置信度 {confidence}）',
      caseCategory: 'E0601',
    },
    {
      id: 'demo-no-helmet',
      name: '未戴安全帽',
      description: 'A worker without a hard hat on a construction site.',
      kind: 'detection',
      params: { types: ['no_helmet'], minConfidence: 0.7 },
      appliesTo: { deviceTypes: ['camera'] },
      level: 'orange',
      messageTemplate: '{camera} 发现施工人员未戴安全帽（置信度 {confidence}）',
      caseCategory: 'E0302',
    },
    {
      id: 'demo-garbage',
      name: '暴露垃圾',
      description: 'Exposed garbage seen by a camera.',
      kind: 'detection',
      params: { types: ['garbage'], minConfidence: 0.6 },
      appliesTo: { deviceTypes: ['camera'] },
      level: 'blue',
      messageTemplate: '{camera} 发现暴露垃圾（置信度 {confidence}）',
      caseCategory: 'E0102',
    },
    {
      id: 'demo-standing-water-camera',
      name: '视频发现积水',
      description: 'Standing water seen by a camera.',
      kind: 'detection',
      params: { types: ['standing_water'], minConfidence: 0.6 },
      appliesTo: { deviceTypes: ['camera'] },
      level: 'yellow',
      messageTemplate: '{camera} 发现道路积水（置信度 {confidence}）',
      caseCategory: 'E0401',
    },
  ];
}
