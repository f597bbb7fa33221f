/**
 * English names of Shanghai's districts by national division code, for bilingual open data.
 * A jurisdiction not listed (another city's) falls back to its Chinese name.
 */
export const DISTRICT_NAMES_EN: Readonly<Record<string, string>> = Object.freeze({
  '310101': 'Huangpu',
  '310104': 'Xuhui',
  '310105': 'Changning',
  '310106': 'Jing’an',
  '310107': 'Putuo',
  '310109': 'Hongkou',
  '310110': 'Yangpu',
  '310112': 'Minhang',
  '310113': 'Baoshan',
  '310114': 'Jiading',
  '310115': 'Pudong New Area',
  '310116': 'Jinshan',
  '310117': 'Songjiang',
  '310118': 'Qingpu',
  '310120': 'Fengxian',
  '310151': 'Chongming',
});
