import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { moderationSettings } from './compose-public.ts';
import { ConfigError } from './config.ts';
import { DEFAULT_MODERATION, moderate } from './public/citizen/moderation-model.ts';

describe('moderationSettings', () => {
  it('adds the operator’s words from the file to the built-in ones', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-words-'));
    const file = path.join(dir, 'words.txt');
    fs.writeFileSync(file, '# 本市补充词表\n废物点心\nNitwit\n');
    try {
      const settings = moderationSettings({ citizenAbuseWordsFile: file });
      expect(settings.abusiveWords).toEqual(expect.arrayContaining([...DEFAULT_MODERATION.abusiveWords, '废物点心', 'nitwit']));
      expect(moderate('你们这些废物点心，井盖还没修', settings).map((f) => f.kind)).toEqual(['abuse']);
      expect(moderate('NITWITS left the manhole open', settings).map((f) => f.kind)).toEqual(['abuse']);
      expect(moderate('你们这些废物点心，井盖还没修', DEFAULT_MODERATION)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the built-in settings without a file, and names the setting when the file cannot be read', () => {
    expect(moderationSettings({ citizenAbuseWordsFile: null })).toBe(DEFAULT_MODERATION);
    const read = () => moderationSettings({ citizenAbuseWordsFile: '/nonexistent/words.txt' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/CITYOPS_CITIZEN_ABUSE_WORDS_FILE: cannot read \/nonexistent\/words.txt/);
  });
});
