/**
 * Finds MQTT frame boundaries in a byte stream without copying or decoding it: it reads each
 * fixed header (packet type + "remaining length" varint, MQTT 3.1.1 §2.2) and skips the body.
 * The embedded broker uses it to refuse oversized packets before the MQTT parser buffers them
 * (aedes has no packet size limit; a single 256 MB PUBLISH would otherwise be held in memory);
 * benchmarks use it to count packets cheaply. Pure: no I/O.
 */

const HEADER = 0;
const LENGTH = 1;
const BODY = 2;

/** What `feed` found wrong, if anything. */
export type FrameProblem = { kind: 'too-large'; bytes: number } | { kind: 'malformed-length' };

/**
 * A streaming scanner over one connection's bytes (one direction).
 * @example
 * const scanner = new MqttFrameScanner(1024 * 1024, (type) => { if (type === 3) publishes++; });
 * const problem = scanner.feed(chunk); // null while every frame fits
 */
export class MqttFrameScanner {
  private state = HEADER;
  private type = 0;
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private remaining = 0;
  /** Frames completed so far. */
  frames = 0;

  /**
   * @param maxRemainingLength the largest "remaining length" (variable header + payload) accepted.
   * @param onFrame called with the packet type (3 = PUBLISH) each time a frame completes.
   */
  constructor(
    private readonly maxRemainingLength: number,
    private readonly onFrame?: (type: number) => void,
  ) {}

  /** Scans a chunk; returns the first problem found (the stream should then be closed), else null. */
  feed(chunk: Uint8Array): FrameProblem | null {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.state === BODY) {
        const take = Math.min(this.remaining, n - i);
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) this.frameDone();
      } else if (this.state === HEADER) {
        this.type = (chunk[i] as number) >> 4;
        i++;
        this.state = LENGTH;
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
      } else {
        const b = chunk[i] as number;
        i++;
        this.length += (b & 0x7f) * this.multiplier;
        this.multiplier *= 128;
        this.lengthBytes++;
        if ((b & 0x80) !== 0) {
          if (this.lengthBytes === 4) return { kind: 'malformed-length' };
          continue;
        }
        if (this.length > this.maxRemainingLength) return { kind: 'too-large', bytes: this.length };
        if (this.length === 0) this.frameDone();
        else {
          this.remaining = this.length;
          this.state = BODY;
        }
      }
    }
    return null;
  }

  private frameDone(): void {
    this.state = HEADER;
    this.frames++;
    this.onFrame?.(this.type);
  }
}
