package io.mcpauthz.pdp.event.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.LongSupplier;

/**
 * Reads the journal forward, one segment at a time, never past what was appended. Used by one
 * thread (the forwarder); it keeps the segment it reads open.
 */
final class JournalReader implements Closeable {

  private final NavigableMap<Long, Path> segments;
  private final LongSupplier end;
  private FileChannel channel;
  private long channelBase = -1;

  JournalReader(NavigableMap<Long, Path> segments, LongSupplier end) {
    this.segments = segments;
    this.end = end;
  }

  List<JournalRecord> read(long position, int maxRecords, int maxBytes) throws IOException {
    List<JournalRecord> records = new ArrayList<>();
    long at = position;
    while (true) {
      long endNow = end.getAsLong(); // read before the segments: a roll-over after it is seen as one
      Map.Entry<Long, Path> segment = segments.floorEntry(at);
      if (segment == null) {
        return records;
      }
      long base = segment.getKey();
      Long nextBase = segments.higherKey(base);
      FileChannel file = channel(base, segment.getValue());
      long limit = nextBase == null ? endNow - base : file.size();
      if (at - base < limit) {
        Segments.readRecords(file, base, at - base, limit, maxRecords, maxBytes, records);
        return records;
      }
      if (nextBase == null) {
        return records;
      }
      at = nextBase; // past this segment's end (a tail cut on recovery leaves a gap)
    }
  }

  private FileChannel channel(long base, Path file) throws IOException {
    if (channelBase != base) {
      close();
      channel = SpoolFiles.open(file, StandardOpenOption.READ);
      channelBase = base;
    }
    return channel;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
      channelBase = -1;
    }
  }
}
