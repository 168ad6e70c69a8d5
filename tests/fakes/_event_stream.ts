/**
 * The AWS event-stream binary framing (`application/vnd.amazon.eventstream`),
 * as Bedrock's ConverseStream sends it: an encoder for the fakes and a strict
 * decoder for the self-tests.
 *
 * One message on the wire:
 *
 * ```
 * total length (u32) | headers length (u32) | prelude CRC32 (u32)
 * headers | payload | message CRC32 (u32)
 * ```
 *
 * The prelude CRC covers the first 8 bytes; the message CRC covers every byte
 * before it, the prelude CRC included. All integers are big-endian. A header
 * is `name length (u8) | name | value type (u8) | value`.
 *
 * @module
 */

const PRELUDE_LENGTH = 8;
const CHECKSUM_LENGTH = 4;
/** The smallest message: prelude, prelude CRC and message CRC. */
const MINIMUM_MESSAGE_LENGTH = PRELUDE_LENGTH + 2 * CHECKSUM_LENGTH;
/** Limits from the AWS event-stream specification. */
const MAXIMUM_MESSAGE_LENGTH = 16 * 1024 * 1024;
const MAXIMUM_HEADERS_LENGTH = 128 * 1024;

/** Header value types of the framing (only `string` is encoded by the fakes). */
const HeaderType = {
  boolTrue: 0,
  boolFalse: 1,
  byte: 2,
  short: 3,
  integer: 4,
  long: 5,
  byteArray: 6,
  string: 7,
  timestamp: 8,
  uuid: 9,
} as const;

/** A decoded header value. */
export type EventStreamHeaderValue = string | boolean | number | bigint | Uint8Array | Date;

/** One event-stream message: headers and raw payload bytes. */
export interface EventStreamMessage {
  headers: Record<string, EventStreamHeaderValue>;
  payload: Uint8Array;
}

const CRC32_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let index = 0; index < 256; index++) {
    let value = index;
    for (let bit = 0; bit < 8; bit++) {
      value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    }
    table[index] = value >>> 0;
  }
  return table;
})();

/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), table-driven.
 *
 * @example
 * ```ts
 * crc32(new TextEncoder().encode("123456789")); // 0xcbf43926
 * ```
 */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let index = 0; index < data.length; index++) {
    crc = CRC32_TABLE[(crc ^ data[index]) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

function encodeHeaders(headers: Record<string, string>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = encoder.encode(name);
    const valueBytes = encoder.encode(value);
    if (nameBytes.length === 0 || nameBytes.length > 255) {
      throw new RangeError(`Cannot encode event-stream header "${name}": name length out of range`);
    }
    if (valueBytes.length > 0x7fff) {
      throw new RangeError(`Cannot encode event-stream header "${name}": value too long`);
    }
    const part = new Uint8Array(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    const view = new DataView(part.buffer);
    part[0] = nameBytes.length;
    part.set(nameBytes, 1);
    part[1 + nameBytes.length] = HeaderType.string;
    view.setUint16(2 + nameBytes.length, valueBytes.length, false);
    part.set(valueBytes, 4 + nameBytes.length);
    parts.push(part);
  }
  return concat(parts);
}

/**
 * Encodes one message with string headers.
 *
 * @example
 * ```ts
 * const frame = encodeEventStreamMessage({ ":message-type": "event" }, new Uint8Array());
 * ```
 */
export function encodeEventStreamMessage(
  headers: Record<string, string>,
  payload: Uint8Array,
): Uint8Array {
  const headerBytes = encodeHeaders(headers);
  if (headerBytes.length > MAXIMUM_HEADERS_LENGTH) {
    throw new RangeError(
      `Cannot encode event-stream message: headers are ${headerBytes.length} bytes`,
    );
  }
  const totalLength = MINIMUM_MESSAGE_LENGTH + headerBytes.length + payload.length;
  if (totalLength > MAXIMUM_MESSAGE_LENGTH) {
    throw new RangeError(`Cannot encode event-stream message: ${totalLength} bytes`);
  }
  const message = new Uint8Array(totalLength);
  const view = new DataView(message.buffer);
  view.setUint32(0, totalLength, false);
  view.setUint32(4, headerBytes.length, false);
  view.setUint32(8, crc32(message.subarray(0, PRELUDE_LENGTH)), false);
  message.set(headerBytes, 12);
  message.set(payload, 12 + headerBytes.length);
  view.setUint32(totalLength - 4, crc32(message.subarray(0, totalLength - 4)), false);
  return message;
}

/**
 * Encodes an `event` message as Bedrock sends it: headers `:event-type`,
 * `:content-type: application/json`, `:message-type: event`, and the JSON
 * payload (not wrapped in its event type: the client wraps it).
 */
export function encodeEvent(eventType: string, payload: unknown): Uint8Array {
  return encodeEventStreamMessage(
    {
      ":event-type": eventType,
      ":content-type": "application/json",
      ":message-type": "event",
    },
    encoder.encode(JSON.stringify(payload)),
  );
}

/**
 * Encodes an `exception` message (a modeled error in the middle of a stream),
 * e.g. `encodeException("throttlingException", { message: "..." })`.
 */
export function encodeException(exceptionType: string, payload: unknown): Uint8Array {
  return encodeEventStreamMessage(
    {
      ":exception-type": exceptionType,
      ":content-type": "application/json",
      ":message-type": "exception",
    },
    encoder.encode(JSON.stringify(payload)),
  );
}

function decodeHeaders(bytes: Uint8Array): Record<string, EventStreamHeaderValue> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headers: Record<string, EventStreamHeaderValue> = {};
  let offset = 0;
  const need = (count: number) => {
    if (offset + count > bytes.length) {
      throw new SyntaxError(`Cannot decode event-stream headers: truncated at byte ${offset}`);
    }
  };
  while (offset < bytes.length) {
    need(1);
    const nameLength = bytes[offset++];
    need(nameLength + 1);
    const name = decoder.decode(bytes.subarray(offset, offset + nameLength));
    offset += nameLength;
    const type = bytes[offset++];
    let value: EventStreamHeaderValue;
    switch (type) {
      case HeaderType.boolTrue:
        value = true;
        break;
      case HeaderType.boolFalse:
        value = false;
        break;
      case HeaderType.byte:
        need(1);
        value = view.getInt8(offset);
        offset += 1;
        break;
      case HeaderType.short:
        need(2);
        value = view.getInt16(offset, false);
        offset += 2;
        break;
      case HeaderType.integer:
        need(4);
        value = view.getInt32(offset, false);
        offset += 4;
        break;
      case HeaderType.long:
        need(8);
        value = view.getBigInt64(offset, false);
        offset += 8;
        break;
      case HeaderType.timestamp:
        need(8);
        value = new Date(Number(view.getBigInt64(offset, false)));
        offset += 8;
        break;
      case HeaderType.uuid:
        need(16);
        value = bytes.slice(offset, offset + 16);
        offset += 16;
        break;
      case HeaderType.byteArray:
      case HeaderType.string: {
        need(2);
        const length = view.getUint16(offset, false);
        offset += 2;
        need(length);
        const raw = bytes.subarray(offset, offset + length);
        value = type === HeaderType.string ? decoder.decode(raw) : raw.slice();
        offset += length;
        break;
      }
      default:
        throw new SyntaxError(`Cannot decode event-stream header "${name}": unknown type ${type}`);
    }
    headers[name] = value;
  }
  return headers;
}

/**
 * Decodes one complete message and checks both CRCs; throws `SyntaxError`
 * on any inconsistency.
 */
export function decodeEventStreamMessage(bytes: Uint8Array): EventStreamMessage {
  if (bytes.length < MINIMUM_MESSAGE_LENGTH) {
    throw new SyntaxError(`Cannot decode event-stream message: only ${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const totalLength = view.getUint32(0, false);
  const headersLength = view.getUint32(4, false);
  if (totalLength !== bytes.length) {
    throw new SyntaxError(
      `Cannot decode event-stream message: prelude says ${totalLength} bytes, got ${bytes.length}`,
    );
  }
  const preludeCrc = view.getUint32(8, false);
  const expectedPreludeCrc = crc32(bytes.subarray(0, PRELUDE_LENGTH));
  if (preludeCrc !== expectedPreludeCrc) {
    throw new SyntaxError(
      `Cannot decode event-stream message: prelude checksum ${hex(preludeCrc)} does not match ${
        hex(expectedPreludeCrc)
      }`,
    );
  }
  const messageCrc = view.getUint32(totalLength - 4, false);
  const expectedMessageCrc = crc32(bytes.subarray(0, totalLength - 4));
  if (messageCrc !== expectedMessageCrc) {
    throw new SyntaxError(
      `Cannot decode event-stream message: message checksum ${hex(messageCrc)} does not match ${
        hex(expectedMessageCrc)
      }`,
    );
  }
  if (headersLength > totalLength - MINIMUM_MESSAGE_LENGTH) {
    throw new SyntaxError(`Cannot decode event-stream message: headers length ${headersLength}`);
  }
  const headersEnd = 12 + headersLength;
  return {
    headers: decodeHeaders(bytes.subarray(12, headersEnd)),
    payload: bytes.slice(headersEnd, totalLength - 4),
  };
}

/**
 * Decodes a whole body of concatenated messages; throws `SyntaxError` on a
 * bad checksum or on trailing bytes that do not form a whole message.
 */
export function decodeEventStream(bytes: Uint8Array): EventStreamMessage[] {
  const messages: EventStreamMessage[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < 4) {
      throw new SyntaxError(`Cannot decode event stream: ${bytes.length - offset} trailing bytes`);
    }
    const totalLength = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(
      0,
      false,
    );
    if (totalLength < MINIMUM_MESSAGE_LENGTH || offset + totalLength > bytes.length) {
      throw new SyntaxError(
        `Cannot decode event stream: message at byte ${offset} claims ${totalLength} bytes`,
      );
    }
    messages.push(decodeEventStreamMessage(bytes.subarray(offset, offset + totalLength)));
    offset += totalLength;
  }
  return messages;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function hex(value: number): string {
  return "0x" + value.toString(16).padStart(8, "0");
}
