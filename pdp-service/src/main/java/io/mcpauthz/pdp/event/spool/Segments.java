package io.mcpauthz.pdp.event.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * The journal's segment files: {@code <20-digit position>.seg}, each named by the journal
 * position of its first byte, and the reading of whole records out of one.
 */
final class Segments {

  private static final String SUFFIX = ".seg";

  private Segments() {}

  static Path path(Path directory, long base) {
    return directory.resolve(String.format("%020d%s", base, SUFFIX));
  }

  /** The segment files in the directory, by base position. */
  static NavigableMap<Long, Path> list(Path directory) throws IOException {
    NavigableMap<Long, Path> segments = new ConcurrentSkipListMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      files.filter(f -> f.getFileName().toString().matches("\\d{20}\\" + SUFFIX))
          .forEach(f -> segments.put(Long.parseLong(f.getFileName().toString().substring(0, 20)), f));
    }
    return segments;
  }

  static void forceDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /**
   * Reads whole records of the segment at {@code base}, from {@code offset} up to {@code limit}
   * (offsets in the file), into {@code out}.
   *
   * @return the offset after the last record read; equal to {@code offset} when none was whole
   * @throws IllegalStateException at bytes that are no intact record
   */
  static long readRecords(FileChannel channel, long base, long offset, long limit, int maxRecords, int maxBytes,
      List<JournalRecord> out) throws IOException {
    if (offset >= limit || maxRecords <= 0) {
      return offset;
    }
    ByteBuffer buffer = fill(channel, offset, (int) Math.min(Math.max(maxBytes, RecordFrame.HEADER_BYTES), limit - offset));
    int frame = RecordFrame.frameLength(buffer);
    if (frame > buffer.remaining() && frame <= RecordFrame.MAX_PAYLOAD_BYTES && offset + frame <= limit) {
      buffer = fill(channel, offset, frame); // one record larger than the read size
    }
    int records = 0;
    while (records < maxRecords) {
      int start = buffer.position();
      JournalRecord record;
      try {
        record = RecordFrame.decode(buffer, base + offset + start);
      } catch (IllegalStateException damaged) {
        buffer.position(start);
        if (records == 0) {
          throw damaged;
        }
        break; // the records before it are whole: return them first
      }
      if (record == null) {
        break;
      }
      out.add(record);
      records++;
    }
    return offset + buffer.position();
  }

  private static ByteBuffer fill(FileChannel channel, long offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
      // a short read near the end of the file: keep reading until full or at its end
    }
    return buffer.flip();
  }
}
