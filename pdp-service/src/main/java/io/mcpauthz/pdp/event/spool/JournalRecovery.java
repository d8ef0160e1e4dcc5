package io.mcpauthz.pdp.event.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.jboss.logging.Logger;

/**
 * What opening a journal finds: segments wholly before the acknowledged position are deleted,
 * the rest is read record by record from it, and a segment is cut at its first bytes that are no
 * intact record (the tail a crash tore: a half-written frame or one whose checksum fails).
 */
final class JournalRecovery {

  private static final Logger LOGGER = Logger.getLogger(JournalRecovery.class);
  private static final int READ_BYTES = 1 << 20;

  record Result(long records) {}

  private JournalRecovery() {}

  static Result scan(NavigableMap<Long, Path> segments, long acknowledged) throws IOException {
    long records = 0;
    for (Map.Entry<Long, Path> segment : List.copyOf(segments.entrySet())) {
      long base = segment.getKey();
      Long next = segments.higherKey(base);
      if (next != null && next <= acknowledged) {
        Files.deleteIfExists(segment.getValue());
        segments.remove(base);
        continue;
      }
      records += scanSegment(base, segment.getValue(), Math.max(0, acknowledged - base));
    }
    return new Result(records);
  }

  /** Counts the intact records of one segment from {@code offset}, cutting off whatever follows them. */
  private static long scanSegment(long base, Path file, long offset) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long at = Math.min(offset, size);
      long records = 0;
      List<JournalRecord> batch = new ArrayList<>();
      while (at < size) {
        batch.clear();
        long after;
        try {
          after = Segments.readRecords(channel, base, at, size, Integer.MAX_VALUE, READ_BYTES, batch);
        } catch (IllegalStateException damaged) {
          after = at;
        }
        if (after == at) { // nothing whole from here: a torn or damaged tail
          LOGGER.warnf("spool segment cut after a crash segment=%s position=%d bytes_dropped=%d",
              file.getFileName(), base + at, size - at);
          channel.truncate(at);
          channel.force(true);
          break;
        }
        records += batch.size();
        at = after;
      }
      return records;
    }
  }
}
