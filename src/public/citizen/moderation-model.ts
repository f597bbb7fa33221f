/**
 * Which citizen text a person should read before it becomes a case: pure rules over the text,
 * each flag with a reason a moderator (and the citizen) can understand. Flagged text is held;
 * nothing here rewrites or deletes what the citizen wrote — HTML is stored as given and only
 * ever answered as JSON text, so it stays inert.
 */

/** Why a text was flagged. */
export type FlagKind = 'links' | 'repetition' | 'abuse' | 'shouting' | 'markup';

/** One reason to hold a text. */
export interface ModerationFlag {
  kind: FlagKind;
  /** Bilingual, shown to the moderator and (when held) to the citizen. */
  reason: string;
}

/** The knobs; {@link DEFAULT_MODERATION} is what the platform uses. */
export interface ModerationSettings {
  /** More links than this are held (one link to a photo album is normal). */
  maxLinks: number;
  /** A single character repeated more than this in a row is spam ("!!!!!!!!!!!!"). */
  maxRun: number;
  /** Abusive words, matched case-insensitively as substrings (Chinese has no word breaks). */
  abusiveWords: readonly string[];
  /** Latin letters at least this many, and at least `capsShare` of them capitals: shouting. */
  capsMinLetters: number;
  capsShare: number;
}

/** A small starting list; operators add their own with `CITYOPS_CITIZEN_ABUSE_WORDS_FILE`. */
export const DEFAULT_ABUSIVE_WORDS: readonly string[] = [
  'fuck',
  'shit',
  'bitch',
  'asshole',
  'idiot',
  '傻逼',
  '傻b',
  '煞笔',
  '他妈的',
  '操你',
  '草泥马',
  '去死',
  '王八蛋',
  '狗日',
  '滚蛋',
];

/**
 * An operator's word list: one word or phrase per line, `#` starts a comment, blank lines and
 * surrounding spaces ignored, lower-cased (matching ignores case), duplicates dropped.
 * @example parseWordList('# city list\n垃圾话\n\nStupid'); // ['垃圾话', 'stupid']
 */
export function parseWordList(text: string): string[] {
  const words = text
    .split(/\r?\n/u)
    .map((line) => line.replace(/#.*$/u, '').trim().toLowerCase())
    .filter((w) => w.length > 0);
  return [...new Set(words)];
}

/** The platform's settings. */
export const DEFAULT_MODERATION: ModerationSettings = {
  maxLinks: 1,
  maxRun: 10,
  abusiveWords: DEFAULT_ABUSIVE_WORDS,
  capsMinLetters: 20,
  capsShare: 0.8,
};

const LINK = /\b(?:https?:\/\/|www\.)\S+/giu;
const MARKUP = /<\s*\/?\s*[a-z!][^>]*>|javascript:|\bon[a-z]+\s*=/iu;
/** Lines of the same 3+ characters repeated many times ("buy now buy now buy now …"). */
const REPEATED_CHUNK = /(.{3,20}?)\1{5,}/su;

/** The longest run of one character (code points, so a Chinese character counts once). */
function longestRun(text: string): number {
  let best = 0;
  let run = 0;
  let prev = '';
  for (const ch of text) {
    run = ch === prev && !/\s/u.test(ch) ? run + 1 : 1;
    prev = ch;
    if (run > best) best = run;
  }
  return best;
}

/**
 * The reasons to hold `text` (empty: publish at once).
 * @example moderate('路灯坏了') // []
 * @example moderate('<script>x</script>')[0]?.kind // 'markup'
 */
export function moderate(text: string, settings: ModerationSettings = DEFAULT_MODERATION): ModerationFlag[] {
  const flags: ModerationFlag[] = [];
  const links = text.match(LINK)?.length ?? 0;
  if (links > settings.maxLinks) flags.push({ kind: 'links', reason: `链接过多 (${links}) · more than ${settings.maxLinks} link(s)` });
  if (longestRun(text) > settings.maxRun || REPEATED_CHUNK.test(text))
    flags.push({ kind: 'repetition', reason: '重复字符 · repeated characters or phrases' });
  const lower = text.toLowerCase();
  if (settings.abusiveWords.some((w) => w.length > 0 && lower.includes(w.toLowerCase())))
    flags.push({ kind: 'abuse', reason: '含不文明用语 · abusive language' });
  const letters = text.match(/[A-Za-z]/gu) ?? [];
  const caps = letters.filter((c) => c >= 'A' && c <= 'Z').length;
  if (letters.length >= settings.capsMinLetters && caps / letters.length >= settings.capsShare)
    flags.push({ kind: 'shouting', reason: '全部大写 · written in capitals' });
  if (MARKUP.test(text)) flags.push({ kind: 'markup', reason: '含网页代码 · contains HTML or script' });
  return flags;
}

/** The flags as one reason line (for the submission's `reason`). */
export function flagsReason(flags: readonly ModerationFlag[]): string | null {
  return flags.length === 0 ? null : `待审核 · held for review: ${flags.map((f) => f.reason).join('; ')}`;
}
