/**
 * Component (部件) small classes: city facilities, filed when one is damaged, missing or
 * misused. Grouped by the 5 big classes of GB/T 30428.2. Manhole covers go to their owner
 * (Shanghai's covers belong to 19 agencies); unowned ones to the road authority.
 */
import { HAZARD_OR_REPAIR, MANHOLE_COVER, REPAIR, ch, smallClasses, wd, wh, type SmallClassRow } from './catalogue-data.ts';
import type { SmallClass } from './catalogue-types.ts';

/** P01 公用设施: covers of every owner, hydrants, power and telecom boxes, lighting, kiosks. */
const PUBLIC_UTILITIES: readonly SmallClassRow[] = [
  ['P0101', '上水井盖', 'Water supply manhole cover', 'water_supply', MANHOLE_COVER],
  ['P0102', '污水井盖', 'Sewer manhole cover', 'water', MANHOLE_COVER],
  ['P0103', '雨水井盖', 'Storm-drain manhole cover', 'water', MANHOLE_COVER],
  ['P0104', '雨水箅子', 'Storm-drain grate', 'water', MANHOLE_COVER],
  ['P0105', '电力井盖', 'Power manhole cover', 'power', MANHOLE_COVER],
  ['P0106', '路灯井盖', 'Street-lighting manhole cover', 'transport', MANHOLE_COVER],
  ['P0107', '通信井盖', 'Telecom manhole cover', 'telecom', MANHOLE_COVER],
  ['P0108', '有线电视井盖', 'Cable TV manhole cover', 'telecom', MANHOLE_COVER],
  ['P0109', '燃气井盖', 'Gas manhole cover', 'gas', MANHOLE_COVER],
  ['P0110', '公安井盖', 'Police cable manhole cover', 'police', MANHOLE_COVER],
  ['P0111', '无主井盖', 'Manhole cover of unknown owner', 'transport', MANHOLE_COVER],
  // A hydrant knocked off floods the street and leaves the block without fire water.
  ['P0112', '消火栓', 'Fire hydrant', 'water_supply', HAZARD_OR_REPAIR],
  ['P0113', '电力设施', 'Power distribution box', 'power', HAZARD_OR_REPAIR],
  ['P0114', '通信交接箱', 'Telecom cross-connect cabinet', 'telecom', REPAIR],
  // Urgent: a leaning pole or exposed wiring; normal: the lamp does not light.
  ['P0115', '路灯', 'Street lamp', 'transport', { urgent: ch(2), normal: wd(2) }],
  ['P0116', '景观灯', 'Decorative lighting', 'greening_sanitation', REPAIR],
  ['P0117', '报刊亭', 'Newsstand', 'greening_sanitation', REPAIR],
];

/** P02 道路交通: structures and equipment of the road network. */
const ROAD_TRAFFIC: readonly SmallClassRow[] = [
  ['P0201', '公交候车亭', 'Bus shelter', 'transport', { high: wd(1), normal: wd(3) }],
  ['P0202', '过街天桥', 'Pedestrian footbridge', 'transport', HAZARD_OR_REPAIR],
  ['P0203', '地下通道', 'Pedestrian underpass', 'transport', HAZARD_OR_REPAIR],
  ['P0204', '交通标志牌', 'Traffic sign', 'police', { high: wh(4), normal: wd(3) }],
  // A dark signal at a junction is a danger at once.
  ['P0205', '交通信号灯', 'Traffic signal', 'police', { urgent: ch(2), normal: wd(1) }],
  ['P0206', '交通护栏', 'Traffic barrier', 'transport', { high: wh(4), normal: wd(3) }],
  ['P0207', '隔离墩', 'Separation bollard', 'transport', REPAIR],
  // Place names, and so street-name plates, are the civil-affairs bureau's (地名管理).
  ['P0208', '路名牌', 'Street-name plate', 'civil_affairs', { normal: wd(5) }],
  ['P0209', '停车咪表', 'Parking meter', 'transport', REPAIR],
  ['P0210', '非机动车停放架', 'Bicycle rack', 'transport', REPAIR],
  ['P0211', '道路信息显示屏', 'Road information display', 'transport', REPAIR],
  ['P0212', '电子警察', 'Traffic enforcement camera', 'police', REPAIR],
  ['P0213', '盲道', 'Tactile paving', 'transport', { normal: wd(5) }],
  ['P0214', '桥梁', 'Road bridge', 'transport', HAZARD_OR_REPAIR],
];

/** P03 市容环境: sanitation facilities, signs and advertising structures. */
const CITY_APPEARANCE: readonly SmallClassRow[] = [
  ['P0301', '公共厕所', 'Public toilet', 'greening_sanitation', { high: wh(4), normal: wd(1) }],
  ['P0302', '公厕指示牌', 'Public-toilet sign', 'greening_sanitation', REPAIR],
  ['P0303', '废物箱', 'Street litter bin', 'greening_sanitation', { normal: wd(1) }],
  ['P0304', '垃圾箱房', 'Refuse collection room', 'greening_sanitation', { normal: wd(1) }],
  ['P0305', '垃圾压缩站', 'Refuse compaction station', 'greening_sanitation', { high: wh(4), normal: wd(1) }],
  ['P0306', '灯箱霓虹灯', 'Light box or neon sign', 'greening_sanitation', HAZARD_OR_REPAIR],
  ['P0307', '户外广告设施', 'Outdoor advertising structure', 'greening_sanitation', HAZARD_OR_REPAIR],
  ['P0308', '环卫工具房', 'Street-cleaning tool house', 'greening_sanitation', REPAIR],
  ['P0309', '宣传栏', 'Public notice board', 'community', REPAIR],
  ['P0310', '可回收物服务点', 'Recyclables collection point', 'greening_sanitation', REPAIR],
];

/** P04 园林绿化: trees, green spaces and their furniture. */
const LANDSCAPING: readonly SmallClassRow[] = [
  ['P0401', '古树名木', 'Ancient or notable tree', 'greening_sanitation', { urgent: ch(2), high: wd(1), normal: wd(3) }],
  // Urgent: leaning or split, about to fall on the road.
  ['P0402', '行道树', 'Street tree', 'greening_sanitation', HAZARD_OR_REPAIR],
  ['P0403', '护树设施', 'Tree guard', 'greening_sanitation', REPAIR],
  ['P0404', '花架花钵', 'Planter or flower stand', 'greening_sanitation', REPAIR],
  ['P0405', '绿地', 'Green space', 'greening_sanitation', REPAIR],
  ['P0406', '城市雕塑', 'Public sculpture', 'greening_sanitation', { normal: wd(5) }],
  ['P0407', '街头座椅', 'Street bench', 'greening_sanitation', REPAIR],
  ['P0408', '绿地护栏', 'Green-space fence', 'greening_sanitation', REPAIR],
  ['P0409', '喷泉', 'Fountain', 'greening_sanitation', REPAIR],
  ['P0410', '绿地指示牌', 'Green-space sign', 'greening_sanitation', { normal: wd(5) }],
];

/** P05 其他设施: flood defences, waterside, pipelines, civil defence, security. */
const OTHER_FACILITIES: readonly SmallClassRow[] = [
  // Shanghai's Huangpu and Suzhou Creek flood walls: a breach is urgent in any weather.
  ['P0501', '防汛墙', 'Flood wall', 'water', HAZARD_OR_REPAIR],
  ['P0502', '河道护岸', 'River revetment', 'water', { urgent: ch(2), normal: wd(5) }],
  ['P0503', '排水泵站', 'Drainage pumping station', 'water', { urgent: ch(2), normal: wd(1) }],
  ['P0504', '水域护栏', 'Waterside railing', 'water', { high: wh(4), normal: wd(3) }],
  ['P0505', '燃气调压箱', 'Gas pressure regulator cabinet', 'gas', { urgent: ch(2), normal: wd(1) }],
  ['P0506', '高压线铁塔', 'High-voltage pylon', 'power', HAZARD_OR_REPAIR],
  ['P0507', '人防工事', 'Civil air-defence works', 'emergency', { normal: wd(5) }],
  ['P0508', '重大危险源', 'Major hazard installation', 'emergency', { urgent: ch(2), normal: wd(1) }],
  ['P0509', '治安监控探头', 'Public-security camera', 'police', REPAIR],
  ['P0510', '健身设施', 'Outdoor fitness equipment', 'community', { high: wh(4), normal: wd(3) }],
];

/** Every component small class, in code order. */
export const COMPONENT_SMALL_CLASSES: readonly SmallClass[] = Object.freeze([
  ...smallClasses('P01', PUBLIC_UTILITIES),
  ...smallClasses('P02', ROAD_TRAFFIC),
  ...smallClasses('P03', CITY_APPEARANCE),
  ...smallClasses('P04', LANDSCAPING),
  ...smallClasses('P05', OTHER_FACILITIES),
]);
