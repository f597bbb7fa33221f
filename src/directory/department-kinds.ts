/**
 * The kinds of department (专业部门) that handle cases. Shared vocabulary between the case
 * catalogue (which kind handles a small class by default) and the directory (which unit of
 * that kind exists in a jurisdiction).
 */
export const DEPARTMENT_KINDS = {
  water: { zh: '水务', en: 'Water affairs' },
  greening_sanitation: { zh: '绿化市容', en: 'Greening and city appearance' },
  housing: { zh: '房管', en: 'Housing management' },
  enforcement: { zh: '城管执法', en: 'Urban management enforcement' },
  civil_affairs: { zh: '民政', en: 'Civil affairs' },
  construction: { zh: '建管', en: 'Construction management' },
  police: { zh: '公安', en: 'Public security' },
  transport: { zh: '交通', en: 'Roads and transport' },
  emergency: { zh: '应急管理', en: 'Emergency management' },
  market: { zh: '市场监管', en: 'Market regulation' },
  telecom: { zh: '通信运营', en: 'Telecom operator (asset owner)' },
  power: { zh: '电力公司', en: 'Power company (asset owner)' },
  gas: { zh: '燃气公司', en: 'Gas company (asset owner)' },
  water_supply: { zh: '供水公司', en: 'Water supply company (asset owner)' },
  community: { zh: '居（村）委会', en: 'Neighbourhood committee' },
} as const;

/** One department kind, e.g. `water` or the manhole owner `telecom`. */
export type DepartmentKind = keyof typeof DEPARTMENT_KINDS;

/** All department kinds, in display order. */
export const DEPARTMENT_KIND_LIST = Object.keys(DEPARTMENT_KINDS) as DepartmentKind[];
