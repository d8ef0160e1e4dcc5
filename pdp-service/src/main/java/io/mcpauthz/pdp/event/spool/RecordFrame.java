package io.mcpauthz.pdp.event.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * How one record is laid out in a segment file: {@code int length, int crc32c, payload}, the
 * payload being {@code long appendedAt, int keyLength (-1: no key), key, value}. The checksum
 * covers the payload, so a record cut short or half-written by a crash is recognised on recovery.
 */
final class RecordFrame {

  static final int HEADER_BYTES = 8;
  /** Larger than any event (the size cap is far below): a length beyond it is damage, not data. */
  static final int MAX_PAYLOAD_BYTES = 64 << 20;

  private RecordFrame() {}

  static ByteBuffer encode(String key, byte[] value, long appendedAt) {
    byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    int payload = 12 + (keyBytes == null ? 0 : keyBytes.length) + value.length;
    ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + payload);
    frame.position(HEADER_BYTES);
    frame.putLong(appendedAt).putInt(keyBytes == null ? -1 : keyBytes.length);
    if (keyBytes != null) {
      frame.put(keyBytes);
    }
    frame.put(value);
    frame.putInt(0, payload).putInt(4, crc(frame, HEADER_BYTES, payload));
    return frame.rewind();
  }

  /**
   * Reads the record starting at the buffer's position, advancing past it; null (position
   * unchanged) when the buffer does not hold all of it.
   *
   * @throws IllegalStateException when the bytes are no intact record (torn or damaged)
   */
  static JournalRecord decode(ByteBuffer buffer, long position) {
    int start = buffer.position();
    if (buffer.remaining() < HEADER_BYTES) {
      return null;
    }
    int payload = buffer.getInt(start);
    if (payload < 12 || payload > MAX_PAYLOAD_BYTES) {
      throw new IllegalStateException("no record length at " + position);
    }
    if (buffer.remaining() < HEADER_BYTES + payload) {
      return null;
    }
    if (crc(buffer, start + HEADER_BYTES, payload) != buffer.getInt(start + 4)) {
      throw new IllegalStateException("checksum mismatch at " + position);
    }
    buffer.position(start + HEADER_BYTES);
    long appendedAt = buffer.getLong();
    int keyLength = buffer.getInt();
    if (keyLength < -1 || keyLength > payload - 12) {
      throw new IllegalStateException("no key length at " + position);
    }
    String key = null;
    if (keyLength >= 0) {
      byte[] keyBytes = new byte[keyLength];
      buffer.get(keyBytes);
      key = new String(keyBytes, StandardCharsets.UTF_8);
    }
    byte[] value = new byte[payload - 12 - Math.max(keyLength, 0)];
    buffer.get(value);
    return new JournalRecord(position, position + HEADER_BYTES + payload, appendedAt, key, value);
  }

  /** The whole frame's length, from its header at the buffer's position; -1 when not readable yet. */
  static int frameLength(ByteBuffer buffer) {
    return buffer.remaining() < HEADER_BYTES ? -1 : HEADER_BYTES + buffer.getInt(buffer.position());
  }

  private static int crc(ByteBuffer buffer, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(buffer.duplicate().limit(offset + length).position(offset));
    return (int) crc.getValue();
  }
}
