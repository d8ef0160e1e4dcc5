package io.mcpauthz.pdp.event.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
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

  /** The segment files in the directory, by base position; a name no position can have is refused. */
  static NavigableMap<Long, Path> list(Path directory) throws IOException {
    NavigableMap<Long, Path> segments = new ConcurrentSkipListMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(SUFFIX)) {
          segments.put(base(file, name.substring(0, name.length() - SUFFIX.length())), file);
        }
      }
    }
    return segments;
  }

  private static long base(Path file, String digits) throws IOException {
    if (digits.length() == 20 && digits.chars().allMatch(c -> c >= '0' && c <= '9')
        && digits.compareTo(String.format("%020d", Long.MAX_VALUE)) <= 0) {
      return Long.parseLong(digits);
    }
    throw new IOException("spool file " + file + " is named like a segment but names no position: move it away");
  }

  /** Each segment must end before the next begins: overlapping ones would be read misaligned, forever. */
  static void requireNoOverlap(NavigableMap<Long, Path> segments) throws IOException {
    for (Map.Entry<Long, Path> segment : segments.entrySet()) {
      Long next = segments.higherKey(segment.getKey());
      if (next != null && segment.getKey() + Files.size(segment.getValue()) > next) {
        throw new IOException("spool segment " + segment.getValue() + " runs into the next one (" + next
            + "): the directory was not written by one journal");
      }
    }
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
