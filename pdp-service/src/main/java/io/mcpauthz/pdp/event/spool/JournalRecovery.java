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
 * the rest is read record by record, and a segment is cut at its first bytes that are no intact
 * record (the tail a crash tore: a half-written frame or one whose checksum fails). Every
 * segment is read from its start, so an acknowledged position that falls inside a record (a
 * crafted or stale ack file) is recognised and the segment resent, instead of cutting there.
 */
final class JournalRecovery {

  private static final Logger LOGGER = Logger.getLogger(JournalRecovery.class);
  private static final int READ_BYTES = 1 << 20;

  /** @param acknowledged where forwarding resumes: the ack, or an earlier record start when it was none */
  record Result(long records, long acknowledged) {}

  private record Scanned(long recordsFromOffset, long recordsInAll, boolean offsetAtRecord) {}

  private JournalRecovery() {}

  static Result scan(NavigableMap<Long, Path> segments, long acknowledged) throws IOException {
    long records = 0;
    long resume = acknowledged;
    for (Map.Entry<Long, Path> segment : List.copyOf(segments.entrySet())) {
      long base = segment.getKey();
      Long next = segments.higherKey(base);
      if (next != null && next <= acknowledged) {
        Files.deleteIfExists(segment.getValue());
        segments.remove(base);
        continue;
      }
      Scanned scanned = scanSegment(base, segment.getValue(), Math.max(0, acknowledged - base));
      if (scanned.offsetAtRecord()) {
        records += scanned.recordsFromOffset();
      } else {
        LOGGER.warnf("spool acknowledged position is inside a record, resending its segment position=%d segment=%s",
            acknowledged, segment.getValue().getFileName());
        resume = base;
        records += scanned.recordsInAll();
      }
    }
    return new Result(records, resume);
  }

  /** Reads one segment from its start, cutting off whatever follows its intact records. */
  private static Scanned scanSegment(long base, Path file, long offset) throws IOException {
    try (FileChannel channel = SpoolFiles.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long at = 0;
      long all = 0;
      long fromOffset = 0;
      boolean offsetAtRecord = offset == 0;
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
        for (JournalRecord record : batch) {
          offsetAtRecord |= record.position() - base == offset || record.next() - base == offset;
          fromOffset += record.position() - base >= offset ? 1 : 0;
        }
        all += batch.size();
        at = after;
      }
      return new Scanned(fromOffset, all, offsetAtRecord || offset >= at);
    }
  }
}
