/**
 * Photo metadata is removed before a citizen's photo is stored: a real JPEG carrying GPS EXIF
 * (written with piexifjs) goes in, the stored and published bytes read back with exifr carry
 * no GPS and no EXIF at all; PNG and WebP metadata chunks go the same way. The stripper itself
 * (pure) and the whole route on every dialect available.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import piexif from 'piexifjs';
import exifr from 'exifr';
import { stripPhoto, photoType } from '../../src/public/citizen/photo-strip-model.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { availableDialects } from '../support/test-db.ts';

/** An 8×8 baseline JPEG with a JFIF header and nothing else (CPython's test image python.jpg). */
const PLAIN_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQIDBAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolvw4KOp1KM6iCNvngZHwetf//Z',
  'base64',
);

/** The segment the strip writes back for a photo turned 90° (EXIF orientation 6): marker, length, 32 bytes of EXIF. */
const ORIENTATION_SEGMENT_BYTES = 36;

/** PLAIN_JPEG with EXIF: GPS 31°14′N 121°28′E (the Bund), camera make, an orientation (6 unless said), a comment segment. */
function jpegWithGps(orientation = 6): Buffer {
  const exif = piexif.dump({
    '0th': { [piexif.ImageIFD.Make]: 'CityCam', [piexif.ImageIFD.Orientation]: orientation },
    GPS: {
      [piexif.GPSIFD.GPSLatitudeRef]: 'N',
      [piexif.GPSIFD.GPSLatitude]: [
        [31, 1],
        [14, 1],
        [0, 1],
      ],
      [piexif.GPSIFD.GPSLongitudeRef]: 'E',
      [piexif.GPSIFD.GPSLongitude]: [
        [121, 1],
        [28, 1],
        [0, 1],
      ],
    },
  });
  const withExif = Buffer.from(piexif.insert(exif, PLAIN_JPEG.toString('binary')), 'binary');
  // A COM segment ("home of Zhang San") after the EXIF one.
  const text = Buffer.from('张三的家', 'utf8');
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, text.length + 2]), text]);
  return Buffer.concat([withExif.subarray(0, 2), com, withExif.subarray(2)]);
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** A 1×1 PNG with a tEXt chunk (a GPS comment) and an eXIf chunk. */
function pngWithText(): Buffer {
  const plain = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const ihdrEnd = 8 + 25;
  const text = pngChunk('tEXt', Buffer.from('Comment\0GPS 31.23,121.47', 'latin1'));
  const exif = pngChunk('eXIf', Buffer.from('MM\0*\0\0\0\x08\0\0', 'latin1'));
  return Buffer.concat([plain.subarray(0, ihdrEnd), text, exif, plain.subarray(ihdrEnd)]);
}

/** A WebP container: VP8X (EXIF + XMP flags set), a fake VP8L image chunk, EXIF and XMP chunks. */
function webpWithExif(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const vp8x = Buffer.alloc(10);
  vp8x[0] = 0x0c;
  const body = Buffer.concat([
    chunk('VP8X', vp8x),
    chunk('VP8L', Buffer.from([0x2f, 0, 0, 0, 0])),
    chunk('EXIF', Buffer.from('GPS 31.23,121.47')),
    chunk('XMP ', Buffer.from('<x:xmpmeta>gps</x:xmpmeta>')),
  ]);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

describe('stripPhoto', () => {
  it('drops the EXIF (with GPS) and comment segments of a JPEG, keeping JFIF and the image', async () => {
    const input = jpegWithGps(1);
    expect((await exifr.gps(input))?.latitude).toBeCloseTo(31.2333, 3);
    const out = stripPhoto(input);
    if (!out.ok) throw new Error(out.reason);
    expect(out.mediaType).toBe('image/jpeg');
    expect(out.removed).toEqual(['COM', 'APP1']);
    const bytes = Buffer.from(out.bytes);
    expect(await exifr.gps(bytes)).toBeUndefined();
    expect(await exifr.parse(bytes)).toBeUndefined();
    expect(bytes.includes(Buffer.from('张三'))).toBe(false);
    // Exactly the original file: the JFIF header and image data survive untouched.
    expect(bytes.equals(PLAIN_JPEG)).toBe(true);
  });

  it('keeps the orientation of a photo taken sideways, and nothing else of its EXIF', async () => {
    const out = stripPhoto(jpegWithGps(6));
    if (!out.ok) throw new Error(out.reason);
    const bytes = Buffer.from(out.bytes);
    expect(await exifr.orientation(bytes)).toBe(6);
    expect(await exifr.gps(bytes)).toBeUndefined();
    // Beside the JFIF header's own fields (the plain image has them too), only the orientation.
    const plain = Object.keys((await exifr.parse(PLAIN_JPEG, true)) as Record<string, unknown>);
    const all = Object.keys((await exifr.parse(bytes, true)) as Record<string, unknown>);
    expect(all.filter((k) => !plain.includes(k))).toEqual(['Orientation']);
    expect(bytes.includes(Buffer.from('CityCam'))).toBe(false);
    expect(bytes.length).toBe(PLAIN_JPEG.length + ORIENTATION_SEGMENT_BYTES);
    // Stripping again changes nothing: the written segment is itself clean.
    const again = stripPhoto(bytes);
    expect(again.ok && Buffer.from(again.bytes).equals(bytes)).toBe(true);
  });

  it('drops text and eXIf chunks of a PNG, and EXIF/XMP chunks of a WebP (clearing their flags)', () => {
    const png = stripPhoto(pngWithText());
    if (!png.ok) throw new Error(png.reason);
    expect(png.removed).toEqual(['tEXt', 'eXIf']);
    expect(Buffer.from(png.bytes).includes(Buffer.from('GPS'))).toBe(false);
    const webp = stripPhoto(webpWithExif());
    if (!webp.ok) throw new Error(webp.reason);
    expect(webp.removed).toEqual(['EXIF', 'XMP']);
    const w = Buffer.from(webp.bytes);
    expect(w.includes(Buffer.from('GPS'))).toBe(false);
    expect(w.readUInt32LE(4)).toBe(w.length - 8);
    expect(w[20]! & 0x0c).toBe(0);
  });

  it('refuses what is not a JPEG, PNG or WebP, and a truncated JPEG', () => {
    expect(photoType(Buffer.from('GIF89a'))).toBeNull();
    expect(stripPhoto(Buffer.from('<svg onload=alert(1)>'))).toMatchObject({ ok: false });
    expect(stripPhoto(jpegWithGps().subarray(0, 40))).toMatchObject({ ok: false });
  });
});

/** A multipart body with one file part. */
function multipart(field: string, bytes: Buffer, type = 'image/jpeg') {
  const boundary = '----cityops-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="IMG_0001.jpg"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(availableDialects())('portal photos on %s', (dialect) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({ dialect });
  }, 60_000);
  afterAll(async () => p?.dispose());

  it('stores a JPEG without its GPS, binds it to the report and publishes it stripped', async () => {
    const up = await p.app.inject({ method: 'POST', url: '/api/v1/public/photos', ...multipart('photo', jpegWithGps()) });
    expect(up.statusCode, up.body).toBe(201);
    const photo = up.json<{ id: string; mediaType: string; bytes: number }>();
    expect(photo).toMatchObject({ mediaType: 'image/jpeg', bytes: PLAIN_JPEG.length + ORIENTATION_SEGMENT_BYTES });
    // Not public before a report cites it.
    expect((await p.app.inject({ method: 'GET', url: `/api/v1/public/photos/${photo.id}` })).statusCode).toBe(404);

    const [lon, lat] = p.geo.getByCode('310101')!.center;
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: { category: 'P0101', description: '井盖破损', lon, lat, photos: [photo.id] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { token } = res.json<{ token: string }>();
    const follow = (await p.app.inject({ method: 'GET', url: `/api/v1/public/reports/${token}` })).json<{ mediaUrls: string[] }>();
    expect(follow.mediaUrls).toEqual([`/api/v1/public/photos/${photo.id}`]);
    const served = await p.app.inject({ method: 'GET', url: follow.mediaUrls[0]! });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(await exifr.gps(served.rawPayload)).toBeUndefined();
    expect(await exifr.orientation(served.rawPayload)).toBe(6);
    expect(served.rawPayload.subarray(-PLAIN_JPEG.length + 20).equals(PLAIN_JPEG.subarray(20))).toBe(true);
    // A photo cannot be cited twice.
    const again = await p.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      payload: { category: 'P0101', description: '井盖破损', lon, lat, photos: [photo.id] },
    });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ errors: [{ field: 'photos' }] });
  });

  it('refuses a photo over 5 MB (413), a non-image (415) and the wrong field (422)', async () => {
    const big = Buffer.concat([PLAIN_JPEG.subarray(0, 20), Buffer.alloc(5 * 1024 * 1024 + 10)]);
    const tooBig = await p.app.inject({ method: 'POST', url: '/api/v1/public/photos', ...multipart('photo', big) });
    expect(tooBig.statusCode, tooBig.body).toBe(413);
    const svg = await p.app.inject({
      method: 'POST',
      url: '/api/v1/public/photos',
      ...multipart('photo', Buffer.from('<svg/>'), 'image/svg+xml'),
    });
    expect(svg.statusCode, svg.body).toBe(415);
    const wrong = await p.app.inject({ method: 'POST', url: '/api/v1/public/photos', ...multipart('file', PLAIN_JPEG) });
    expect(wrong.statusCode, wrong.body).toBe(422);
  });
});
