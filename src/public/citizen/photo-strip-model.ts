/**
 * Strips what a photo says beyond its pixels — EXIF (GPS position, camera serial, time), XMP,
 * IPTC, comments — before a citizen's photo is stored or published. Pure byte surgery on the
 * container, no decoding, so the picture is exactly the one taken:
 * - JPEG: every APP1…APP15 segment (EXIF and XMP are APP1, ICC APP2, IPTC APP13) and COM are
 *   dropped; APP0 (JFIF) and the image segments stay. One thing of the EXIF is kept: its
 *   orientation, written back as a fresh EXIF segment holding that tag alone, so a phone photo
 *   taken sideways does not show sideways (the tag says how to turn the pixels, nothing more).
 * - PNG: eXIf, tEXt, iTXt, zTXt and tIME chunks are dropped.
 * - WebP: EXIF and XMP chunks are dropped and the extended header's flags for them cleared.
 * Anything that does not parse as one of the three is refused rather than stored unchecked.
 */

/** The accepted image types. */
export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** A stripped photo, or why it cannot be taken. */
export type StripResult = { ok: true; mediaType: PhotoType; bytes: Uint8Array; removed: string[] } | { ok: false; reason: string };

/** The type by the file's first bytes, or null. */
export function photoType(b: Uint8Array): PhotoType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'image/png';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'image/webp';
  return null;
}

function ascii(b: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...b.subarray(at, at + n));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** EXIF's Orientation tag (IFD0). */
const ORIENTATION_TAG = 0x0112;

/**
 * The orientation (2–8) an APP1 segment's EXIF states, or null when it states none or the
 * upright 1. Reads only IFD0's entries; anything malformed counts as none.
 */
function exifOrientation(payload: Uint8Array): number | null {
  if (payload.length < 14 || ascii(payload, 0, 6) !== 'Exif\0\0') return null;
  const tiff = new DataView(payload.buffer, payload.byteOffset + 6, payload.length - 6);
  const order = ascii(payload, 6, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  if (tiff.getUint16(2, le) !== 42) return null;
  const ifd = tiff.getUint32(4, le);
  if (ifd + 2 > tiff.byteLength) return null;
  const count = tiff.getUint16(ifd, le);
  for (let k = 0; k < count; k++) {
    const at = ifd + 2 + 12 * k;
    if (at + 12 > tiff.byteLength) return null;
    if (tiff.getUint16(at, le) !== ORIENTATION_TAG) continue;
    // SHORT, one value, kept in the first two bytes of the value field.
    const value = tiff.getUint16(at + 2, le) === 3 ? tiff.getUint16(at + 8, le) : 0;
    return value >= 2 && value <= 8 ? value : null;
  }
  return null;
}

/**
 * An APP1 segment whose EXIF holds the orientation and nothing else: big-endian TIFF header, IFD0
 * with one SHORT entry, no next IFD.
 */
function orientationSegment(orientation: number): Uint8Array {
  const seg = new Uint8Array(2 + 2 + 6 + 8 + 2 + 12 + 4);
  const v = new DataView(seg.buffer);
  v.setUint16(0, 0xffe1);
  v.setUint16(2, seg.length - 2);
  seg.set([0x45, 0x78, 0x69, 0x66, 0, 0], 4); // 'Exif\0\0'
  const t = 10;
  seg.set([0x4d, 0x4d], t); // 'MM'
  v.setUint16(t + 2, 42);
  v.setUint32(t + 4, 8);
  v.setUint16(t + 8, 1);
  v.setUint16(t + 10, ORIENTATION_TAG);
  v.setUint16(t + 12, 3);
  v.setUint32(t + 14, 1);
  v.setUint16(t + 18, orientation);
  return seg;
}

/** JPEG segments up to the scan; the scan and what follows are copied as they are. */
function stripJpeg(b: Uint8Array): StripResult {
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  const removed: string[] = [];
  // Whether the orientation has been written back (once, from the first EXIF stating one).
  let kept = false;
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) return { ok: false, reason: 'not a well-formed JPEG (segment expected)' };
    // Fill bytes: any number of 0xFF before a marker.
    while (i < b.length && b[i] === 0xff) i++;
    const marker = b[i];
    if (marker === undefined) return { ok: false, reason: 'JPEG ends inside a marker' };
    i++;
    // Markers without a length: TEM and RSTn; EOI ends the image.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(Uint8Array.of(0xff, marker));
      continue;
    }
    if (marker === 0xd9) {
      parts.push(Uint8Array.of(0xff, 0xd9));
      break;
    }
    if (i + 2 > b.length) return { ok: false, reason: 'JPEG ends inside a segment' };
    const len = (b[i]! << 8) | b[i + 1]!;
    if (len < 2 || i + len > b.length) return { ok: false, reason: 'JPEG segment runs past the end' };
    const isApp = marker >= 0xe1 && marker <= 0xef;
    if (isApp || marker === 0xfe) {
      removed.push(isApp ? `APP${marker - 0xe0}` : 'COM');
      const orientation = marker === 0xe1 && !kept ? exifOrientation(b.subarray(i + 2, i + len)) : null;
      if (orientation !== null) {
        parts.push(orientationSegment(orientation));
        kept = true;
      }
    } else parts.push(Uint8Array.of(0xff, marker), b.subarray(i, i + len));
    i += len;
    if (marker === 0xda) {
      // Start of scan: entropy-coded data to the end (markers inside it are not metadata).
      parts.push(b.subarray(i));
      break;
    }
  }
  return { ok: true, mediaType: 'image/jpeg', bytes: concat(parts), removed };
}

const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

function stripPng(b: Uint8Array): StripResult {
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  const removed: string[] = [];
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let i = 8;
  while (i < b.length) {
    if (i + 12 > b.length) return { ok: false, reason: 'PNG ends inside a chunk' };
    const len = view.getUint32(i);
    const type = ascii(b, i + 4, 4);
    const end = i + 12 + len;
    if (end > b.length) return { ok: false, reason: 'PNG chunk runs past the end' };
    if (PNG_DROPPED.has(type)) removed.push(type);
    else parts.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') break;
  }
  return { ok: true, mediaType: 'image/png', bytes: concat(parts), removed };
}

function stripWebp(b: Uint8Array): StripResult {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const parts: Uint8Array[] = [];
  const removed: string[] = [];
  const riffEnd = Math.min(b.length, 8 + view.getUint32(4, true));
  let i = 12;
  while (i + 8 <= riffEnd) {
    const type = ascii(b, i, 4);
    const len = view.getUint32(i + 4, true);
    const end = i + 8 + len + (len % 2);
    if (i + 8 + len > riffEnd) return { ok: false, reason: 'WebP chunk runs past the end' };
    if (type === 'EXIF' || type === 'XMP ') removed.push(type.trim());
    else if (type === 'VP8X' && len >= 1) {
      const chunk = b.slice(i, Math.min(end, riffEnd));
      // Flags byte: bit 3 EXIF, bit 2 XMP present.
      chunk[8] = chunk[8]! & ~0x0c;
      parts.push(chunk);
    } else parts.push(b.subarray(i, Math.min(end, riffEnd)));
    i = end;
  }
  const body = concat(parts);
  const head = new Uint8Array(12);
  head.set(b.subarray(0, 12));
  new DataView(head.buffer).setUint32(4, body.length + 4, true);
  return { ok: true, mediaType: 'image/webp', bytes: concat([head, body]), removed };
}

/**
 * The photo without its metadata.
 * @example stripPhoto(jpegWithGps) // { ok: true, mediaType: 'image/jpeg', bytes, removed: ['APP1'] }
 */
export function stripPhoto(bytes: Uint8Array): StripResult {
  switch (photoType(bytes)) {
    case 'image/jpeg':
      return stripJpeg(bytes);
    case 'image/png':
      return stripPng(bytes);
    case 'image/webp':
      return stripWebp(bytes);
    case null:
      return { ok: false, reason: 'not a JPEG, PNG or WebP image' };
  }
}
