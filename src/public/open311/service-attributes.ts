/**
 * The extra questions (Open311 service definition attributes) some services ask, because the
 * answer changes how urgent the case is or what the crew brings: whether a manhole cover is
 * missing or only rattles, whether a street lamp's pole leans. Keyed by small class code.
 * Bump {@link SERVICES_CHANGESET} whenever this list or the catalogue changes: discovery tells
 * clients to refresh their cached definitions by it.
 */

/** Open311 attribute datatypes (spec, GET Service Definition). */
export type AttributeDatatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

/** One attribute of a service definition. */
export interface ServiceAttribute {
  /** false: only information shown to the user, no input. */
  variable: boolean;
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  datatypeDescription: string | null;
  order: number;
  description: string;
  /** Options of a single/multi value list. */
  values: readonly { key: string; name: string }[];
}

/** When the service list or a definition last changed (discovery's `changeset`). */
export const SERVICES_CHANGESET = '2026-11-28T00:00:00+08:00';

const list = (
  code: string,
  description: string,
  values: readonly [string, string][],
  required: boolean,
  datatype: 'singlevaluelist' | 'multivaluelist' = 'singlevaluelist',
): ServiceAttribute => ({
  variable: true,
  code,
  datatype,
  required,
  datatypeDescription: datatype === 'singlevaluelist' ? '选择一项 Choose one' : '可多选 Choose any',
  order: 1,
  description,
  values: values.map(([key, name]) => ({ key, name })),
});

/** A missing cover is a hole in the street: the answer decides whether the case is urgent. */
const COVER_STATE = list(
  'cover_state',
  '井盖现在的状况 What is wrong with the cover?',
  [
    ['missing', '缺失 Missing (open hole)'],
    ['broken', '破损 Broken or cracked'],
    ['displaced', '移位 Displaced or tilted'],
    ['sunken', '沉陷或凸起 Sunken or raised'],
    ['noisy', '松动有响声 Loose, rattles when driven over'],
  ],
  true,
);

const LAMP_STATE = list(
  'lamp_state',
  '路灯的问题 What is wrong with the lamp?',
  [
    ['not_lit', '不亮 Does not light'],
    ['lit_by_day', '白天常亮 Lit in daytime'],
    ['flickering', '闪烁 Flickers'],
    ['leaning_pole', '灯杆倾斜 Pole leaning'],
    ['exposed_wiring', '电线外露 Wiring exposed'],
  ],
  true,
);

const SIGNAL_STATE = list(
  'signal_state',
  '信号灯的问题 What is wrong with the signal?',
  [
    ['dark', '全灭 Dark'],
    ['stuck', '不变换 Stuck on one colour'],
    ['partly_out', '部分灯不亮 Some lamps out'],
    ['damaged', '灯体损坏 Housing damaged'],
  ],
  true,
);

const HYDRANT_STATE = list(
  'hydrant_state',
  '消火栓的问题 What is wrong with the hydrant?',
  [
    ['leaking', '漏水或喷水 Leaking or spraying'],
    ['knocked_over', '被撞倒 Knocked over'],
    ['blocked', '被占用遮挡 Blocked or covered'],
    ['damaged', '损坏 Damaged'],
  ],
  true,
);

/** Optional details that help with any garbage report. */
const GARBAGE_AMOUNT = list(
  'amount',
  '大概有多少 About how much?',
  [
    ['bag', '一两袋 A bag or two'],
    ['pile', '一堆 A pile'],
    ['truckload', '一车以上 A truckload or more'],
  ],
  false,
);

const COVER_CLASSES = ['P0101', 'P0102', 'P0103', 'P0104', 'P0105', 'P0106', 'P0107', 'P0108', 'P0109', 'P0110', 'P0111'];

/** The attributes of each small class that has any. */
export const SERVICE_ATTRIBUTES: Readonly<Record<string, readonly ServiceAttribute[]>> = Object.freeze({
  ...Object.fromEntries(COVER_CLASSES.map((c) => [c, [COVER_STATE]])),
  P0112: [HYDRANT_STATE],
  P0115: [LAMP_STATE],
  P0205: [SIGNAL_STATE],
  E0102: [GARBAGE_AMOUNT],
});
