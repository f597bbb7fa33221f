import { describe, expect, it } from 'vitest';
import { MqttFrameScanner } from './frame-scanner.ts';

/** A frame with the given type and body length (body bytes are zero). */
function frame(type: number, bodyLength: number): Buffer {
  const len: number[] = [];
  let n = bodyLength;
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    len.push(b);
  } while (n > 0);
  return Buffer.concat([Buffer.from([type << 4, ...len]), Buffer.alloc(bodyLength)]);
}

describe('MqttFrameScanner', () => {
  it('counts frames split at every possible byte boundary', () => {
    const stream = Buffer.concat([frame(1, 12), frame(3, 0), frame(3, 200), frame(3, 20_000), frame(12, 0)]);
    for (let cut = 0; cut <= stream.length; cut += 7) {
      const types: number[] = [];
      const scanner = new MqttFrameScanner(1 << 20, (t) => types.push(t));
      expect(scanner.feed(stream.subarray(0, cut))).toBeNull();
      expect(scanner.feed(stream.subarray(cut))).toBeNull();
      expect(types).toEqual([1, 3, 3, 3, 12]);
    }
    const oneByOne = new MqttFrameScanner(1 << 20);
    for (const b of stream) oneByOne.feed(Buffer.from([b]));
    expect(oneByOne.frames).toBe(5);
  });

  it('reports a frame over the limit as soon as its length is known', () => {
    const scanner = new MqttFrameScanner(1000);
    expect(scanner.feed(frame(3, 1000))).toBeNull();
    expect(scanner.feed(frame(3, 1001).subarray(0, 3))).toEqual({ kind: 'too-large', bytes: 1001 });
  });

  it('reports a length of more than four bytes as malformed', () => {
    const scanner = new MqttFrameScanner(Number.MAX_SAFE_INTEGER);
    expect(scanner.feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toEqual({ kind: 'malformed-length' });
  });
});
