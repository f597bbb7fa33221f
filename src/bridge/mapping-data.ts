/**
 * The category mapping the bridge starts with: the words 12345 and 一网通办 work orders use for a
 * problem (their own classification, not the national catalogue) → a small class of the
 * catalogue. Admins replace it with `PUT /api/v1/bridge/mapping`; until then these apply.
 * Keys are written as a hotline clerk types them; lookups normalize both sides (bridge-model.ts).
 */

/** Default category text → small class code. */
export const DEFAULT_CATEGORY_MAPPING: Readonly<Record<string, string>> = Object.freeze({
  道路破损: 'E0402',
  路面塌陷: 'E0402',
  道路积水: 'E0401',
  下水道堵塞: 'E0405',
  污水冒溢: 'E0405',
  水管破裂: 'E0403',
  燃气泄漏: 'E0404',
  噪音扰民: 'E0605',
  商业噪音: 'E0605',
  夜间施工噪音: 'E0304',
  工地扬尘: 'E0303',
  油烟扰民: 'E0112',
  垃圾乱堆: 'E0102',
  暴露垃圾: 'E0102',
  垃圾满溢: 'E0113',
  道路不洁: 'E0104',
  违章搭建: 'E0101',
  违法建设: 'E0301',
  占道经营: 'E0501',
  无证经营: 'E0502',
  乱停车: 'E0505',
  违章停车: 'E0505',
  非机动车乱停: 'E0506',
  共享单车乱停: 'E0506',
  占用消防通道: 'E0510',
  小广告: 'E0201',
  乱涂乱画: 'E0202',
  路灯不亮: 'P0115',
  路灯故障: 'P0115',
  井盖缺失: 'P0111',
  井盖破损: 'P0111',
  树木倒伏: 'E0408',
  外墙脱落: 'E0410',
  高空抛物: 'E0601',
  群租: 'E0603',
  违规养犬: 'E0604',
});
