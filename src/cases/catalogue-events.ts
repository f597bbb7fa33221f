/**
 * Event (事件) small classes: things that happen in the street rather than a facility
 * failing. Grouped by the 6 big classes of GB/T 30428.2. Enforcement cases (占道经营, 违法建设)
 * go to urban management enforcement; the mission's own scenarios — 高空抛物, 独居老人 — to
 * the neighbourhood committee, who visits.
 */
import { HAZARD_OR_REPAIR, ch, smallClasses, wd, wh, type SmallClassRow } from './catalogue-data.ts';
import type { SmallClass } from './catalogue-types.ts';

/** E01 市容环境: garbage, dirt, dumped things, structures that spoil the street. */
const CITY_APPEARANCE: readonly SmallClassRow[] = [
  ['E0101', '私搭乱建', 'Unauthorised shed or structure', 'enforcement', { normal: wd(5) }],
  ['E0102', '暴露垃圾', 'Exposed garbage', 'greening_sanitation', { normal: wh(4) }],
  ['E0103', '积存垃圾渣土', 'Accumulated refuse and spoil', 'greening_sanitation', { high: wh(4), normal: wd(1) }],
  ['E0104', '道路不洁', 'Dirty road surface', 'greening_sanitation', { normal: wh(4) }],
  ['E0105', '水域不洁', 'Floating debris on a waterway', 'water', { normal: wd(1) }],
  ['E0106', '绿地脏乱', 'Littered green space', 'greening_sanitation', { normal: wh(4) }],
  ['E0107', '废弃车辆', 'Abandoned vehicle', 'police', { normal: wd(5) }],
  ['E0108', '废弃家具设备', 'Dumped furniture or appliances', 'greening_sanitation', { normal: wd(1) }],
  ['E0109', '焚烧垃圾树叶', 'Open burning of refuse or leaves', 'enforcement', { urgent: ch(2), normal: wh(4) }],
  ['E0110', '动物尸体', 'Animal carcass', 'greening_sanitation', { normal: wh(2) }],
  ['E0111', '绿化带损坏', 'Damaged green belt', 'greening_sanitation', { normal: wd(3) }],
  ['E0112', '餐饮油烟扰民', 'Restaurant cooking-fume nuisance', 'enforcement', { normal: wd(5) }],
  ['E0113', '垃圾满溢', 'Overflowing refuse bins', 'greening_sanitation', { normal: wh(4) }],
];

/** E02 宣传广告: posters, graffiti, unauthorised or unsafe advertising. */
const ADVERTISING: readonly SmallClassRow[] = [
  ['E0201', '乱张贴', 'Illegal posting of bills', 'greening_sanitation', { normal: wd(1) }],
  ['E0202', '乱涂写', 'Graffiti or painted advertisements', 'greening_sanitation', { normal: wd(1) }],
  ['E0203', '违规户外广告', 'Unauthorised outdoor advertisement', 'enforcement', { normal: wd(5) }],
  ['E0204', '占道广告牌', 'Advertising board on the pavement', 'enforcement', { normal: wh(4) }],
  ['E0205', '街头散发广告', 'Handing out flyers in the street', 'enforcement', { normal: wh(4) }],
  // A shop sign hanging loose over the pavement can fall on passers-by.
  ['E0206', '店招店牌破损', 'Damaged shop sign', 'greening_sanitation', HAZARD_OR_REPAIR],
  ['E0207', '违规悬挂横幅', 'Unauthorised banner', 'enforcement', { normal: wd(1) }],
];

/** E03 施工管理: building without permission, and sites that endanger or disturb. */
const CONSTRUCTION: readonly SmallClassRow[] = [
  // High: building under way, to be stopped the same day; normal: a finished one to be filed.
  ['E0301', '违法建设', 'Illegal construction', 'enforcement', { high: wd(1), normal: wd(5) }],
  // The AI-camera hard-hat scenario: a worker at risk now.
  ['E0302', '施工安全（未戴安全帽）', 'Construction safety (no hard hat)', 'construction', { urgent: ch(2), normal: wh(4) }],
  ['E0303', '工地扬尘', 'Construction-site dust', 'construction', { normal: wh(4) }],
  ['E0304', '夜间施工扰民', 'Night-time construction noise', 'enforcement', { urgent: ch(2), normal: wd(1) }],
  ['E0305', '渣土车遗撒', 'Spillage from muck trucks', 'enforcement', { high: wh(2), normal: wh(4) }],
  ['E0306', '施工占道', 'Construction occupying the road', 'transport', { normal: wd(1) }],
  ['E0307', '违规掘路', 'Unauthorised road excavation', 'transport', { high: wh(4), normal: wd(1) }],
  ['E0308', '施工围挡破损', 'Damaged site hoarding', 'construction', { urgent: ch(2), normal: wd(1) }],
  ['E0309', '施工废料乱堆', 'Construction waste left outside a site', 'construction', { normal: wd(1) }],
];

/** E04 突发事件: failures that put people or traffic at risk; most have a 2-hour urgent track. */
const EMERGENCIES: readonly SmallClassRow[] = [
  // MISSION.md: 4 working hours; urgent (deep water, traffic stopped) 2 clock hours.
  ['E0401', '道路积水', 'Standing water on a road', 'water', { urgent: ch(2), normal: wh(4) }],
  ['E0402', '路面塌陷', 'Road surface collapse', 'transport', { urgent: ch(2), normal: wd(1) }],
  ['E0403', '供水管道破裂', 'Burst water main', 'water_supply', { urgent: ch(2), normal: wh(4) }],
  // Gas runs on the clock at every urgency: a smell of gas at night cannot wait for morning.
  ['E0404', '燃气泄漏', 'Gas leak', 'gas', { urgent: ch(1), normal: ch(2) }],
  ['E0405', '下水道堵塞冒溢', 'Blocked or overflowing sewer', 'water', { urgent: ch(2), normal: wd(1) }],
  ['E0406', '道路积雪结冰', 'Snow or ice on a road', 'greening_sanitation', { urgent: ch(2), normal: wd(1) }],
  ['E0407', '架空线缆脱落', 'Fallen overhead cable', 'telecom', { urgent: ch(2), normal: wd(1) }],
  ['E0408', '树木倒伏', 'Fallen tree', 'greening_sanitation', { urgent: ch(2), normal: wd(1) }],
  ['E0409', '房屋险情', 'Dangerous building', 'housing', { urgent: ch(2), normal: wd(1) }],
  ['E0410', '外墙附着物脱落', 'Falling façade tiles or fixtures', 'housing', { urgent: ch(2), normal: wd(1) }],
];

/** E05 街面秩序: trading, parking and people in the street. */
const STREET_ORDER: readonly SmallClassRow[] = [
  // Vendors move on; a short limit catches them where they were reported.
  ['E0501', '占道经营', 'Street vending on the road', 'enforcement', { normal: wh(2) }],
  ['E0502', '无照经营', 'Unlicensed business', 'market', { normal: wd(3) }],
  ['E0503', '店外经营', 'Trading outside the shop front', 'enforcement', { normal: wh(4) }],
  ['E0504', '流浪乞讨', 'Rough sleeping or begging', 'civil_affairs', { high: wh(2), normal: wh(4) }],
  ['E0505', '机动车乱停放', 'Illegally parked motor vehicle', 'police', { normal: wh(2) }],
  ['E0506', '非机动车乱停放', 'Disorderly parked bicycles', 'transport', { normal: wh(4) }],
  ['E0507', '占道废品收购', 'Scrap collection on the road', 'enforcement', { normal: wh(4) }],
  ['E0508', '露天烧烤', 'Open-air barbecue stall', 'enforcement', { normal: wh(2) }],
  ['E0509', '非法客运', 'Unlicensed taxi touting', 'police', { normal: wd(1) }],
  ['E0510', '占用消防通道', 'Blocked fire lane', 'emergency', { urgent: ch(2), normal: wh(4) }],
];

/** E06 其他事件: residential and welfare matters, including the mission's two scenarios. */
const OTHER_EVENTS: readonly SmallClassRow[] = [
  // The AI camera traces the throw to a floor; the committee visits the household.
  ['E0601', '高空抛物', 'Objects thrown from height', 'community', { urgent: ch(2), high: wh(4), normal: wd(1) }],
  // Water meter shows < 0.01 m³ in 12 h: the committee checks on the person, on the clock if urgent.
  ['E0602', '独居老人关爱', 'Welfare check on an elderly person living alone', 'community', { urgent: ch(2), normal: wh(4) }],
  ['E0603', '群租', 'Illegal multi-occupancy rental', 'housing', { normal: wd(5) }],
  ['E0604', '违规养犬', 'Dog nuisance (unleashed or unlicensed)', 'police', { normal: wd(1) }],
  ['E0605', '商业噪声扰民', 'Commercial noise nuisance', 'enforcement', { normal: wd(1) }],
  ['E0606', '小区公共设施损坏', 'Damaged shared facility in a housing estate', 'housing', { normal: wd(3) }],
  ['E0607', '违规饲养家禽家畜', 'Poultry or livestock kept in the city', 'enforcement', { normal: wd(3) }],
];

/** Every event small class, in code order. */
export const EVENT_SMALL_CLASSES: readonly SmallClass[] = Object.freeze([
  ...smallClasses('E01', CITY_APPEARANCE),
  ...smallClasses('E02', ADVERTISING),
  ...smallClasses('E03', CONSTRUCTION),
  ...smallClasses('E04', EMERGENCIES),
  ...smallClasses('E05', STREET_ORDER),
  ...smallClasses('E06', OTHER_EVENTS),
]);
