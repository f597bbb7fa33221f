/**
 * Just enough MQTT 3.1.1 encoding for load generation (§3.1 CONNECT, §3.3 PUBLISH at QoS 0 or 1,
 * §3.8 SUBSCRIBE): packets are built once and written many times, so the publisher costs next
 * to nothing and the figures measure the broker side.
 */

function remainingLength(n: number): Buffer {
  const bytes: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    bytes.push(b);
  } while (n > 0);
  return Buffer.from(bytes);
}

function str(s: string): Buffer {
  const body = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length);
  return Buffer.concat([len, body]);
}

function packet(firstByte: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([firstByte]), remainingLength(body.length), body]);
}

/** CONNECT with a clean session, no keep-alive, and optional credentials. */
export function encodeConnect(clientId: string, username?: string, password?: string): Buffer {
  let flags = 0x02;
  if (username !== undefined) flags |= 0x80;
  if (password !== undefined) flags |= 0x40;
  const parts = [str('MQTT'), Buffer.from([4, flags, 0, 0]), str(clientId)];
  if (username !== undefined) parts.push(str(username));
  if (password !== undefined) parts.push(str(password));
  return packet(0x10, Buffer.concat(parts));
}

/** PUBLISH at QoS 0, or at QoS 1 with a fixed packet id (aedes does not track inbound QoS 1 ids). */
export function encodePublish(topic: string, payload: string | Buffer, qos: 0 | 1 = 0): Buffer {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8');
  const id = qos === 1 ? Buffer.from([0, 1]) : Buffer.alloc(0);
  return packet(qos === 1 ? 0x32 : 0x30, Buffer.concat([str(topic), id, body]));
}

/** SUBSCRIBE to one filter. */
export function encodeSubscribe(filter: string, qos: 0 | 1, packetId = 1): Buffer {
  const id = Buffer.alloc(2);
  id.writeUInt16BE(packetId);
  return packet(0x82, Buffer.concat([id, str(filter), Buffer.from([qos])]));
}
