import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES, attachmentName, checkAttachment, detectImageType } from './attachment-model.ts';

const bytes = (...parts: Array<number[] | string>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR');
const GIF87 = bytes('GIF87a', [1, 0, 1, 0]);
const GIF89 = bytes('GIF89a', [1, 0, 1, 0]);
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');

describe('detectImageType', () => {
  it('recognises JPEG, PNG, GIF and WebP by their first bytes', () => {
    expect(detectImageType(JPEG)).toBe('image/jpeg');
    expect(detectImageType(PNG)).toBe('image/png');
    expect(detectImageType(GIF87)).toBe('image/gif');
    expect(detectImageType(GIF89)).toBe('image/gif');
    expect(detectImageType(WEBP)).toBe('image/webp');
    expect(detectImageType(new Uint8Array(PNG))).toBe('image/png');
  });

  it('recognises nothing else, and no cut-off header', () => {
    const others = [
      bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), // audio in the same container
      bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'), // scriptable, so not accepted as an image
      bytes('%PDF-1.7'),
      bytes('GIF88a'),
      bytes([0xff, 0xd8]),
      PNG.subarray(0, 7),
      WEBP.subarray(0, 11),
      bytes(''),
    ];
    for (const b of others) expect(detectImageType(b), b.toString('latin1')).toBeNull();
  });
});

describe('checkAttachment', () => {
  it('accepts an image within the limit and returns the type it detected', () => {
    expect(checkAttachment(WEBP)).toEqual({ mediaType: 'image/webp' });
    expect(checkAttachment(PNG, { maxBytes: PNG.length })).toEqual({ mediaType: 'image/png' });
  });

  it('names the field of an empty, oversized or non-image upload', () => {
    expect(checkAttachment(bytes(''))).toEqual({ problem: { field: 'file', code: 'ATTACHMENT_EMPTY', message: expect.any(String) } });
    expect(checkAttachment(PNG, { maxBytes: PNG.length - 1, field: 'photos[1]' })).toEqual({
      problem: { field: 'photos[1]', code: 'ATTACHMENT_TOO_LARGE', message: expect.stringContaining(String(PNG.length - 1)) },
    });
    expect(checkAttachment(bytes('%PDF-1.7'), { field: 'photo' })).toMatchObject({ problem: { field: 'photo', code: 'ATTACHMENT_TYPE' } });
  });

  it('defaults to a limit that fits a phone photo', () => {
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1);
    JPEG.copy(big);
    expect(checkAttachment(big)).toMatchObject({ problem: { code: 'ATTACHMENT_TOO_LARGE' } });
    expect(checkAttachment(big.subarray(0, MAX_ATTACHMENT_BYTES))).toEqual({ mediaType: 'image/jpeg' });
  });
});

describe('attachmentName', () => {
  it('keeps the last path segment without control characters or quotes', () => {
    expect(attachmentName('C:\\fakepath\\井盖.jpg', 'image/jpeg')).toBe('井盖.jpg');
    expect(attachmentName('../../etc/passwd', 'image/png')).toBe('passwd');
    expect(attachmentName('a\r\nb"c\u0000.png', 'image/png')).toBe('abc.png');
    expect(Array.from(attachmentName('图'.repeat(300), 'image/png'))).toHaveLength(120);
  });

  it('falls back to photo.<ext> when nothing usable is left', () => {
    expect(attachmentName('', 'image/webp')).toBe('photo.webp');
    expect(attachmentName('dir/', 'image/gif')).toBe('photo.gif');
    expect(attachmentName('..', 'image/jpeg')).toBe('photo.jpg');
  });
});
