package io.mcpauthz.pdp.event.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An append-only journal of records in segment files ({@link Segments}, framed by
 * {@link RecordFrame}), with a persisted "acknowledged up to" position ({@link AckFile}).
 * Appends go to the kernel at once (a process killed right after loses nothing); {@link #sync}
 * makes them durable against a host crash and deletes segments that are wholly acknowledged.
 * Opening recovers: a torn or damaged tail is cut off, and reading resumes at the acknowledged
 * position. One directory belongs to one process (a lock file).
 *
 * <p>Thread use: any thread appends; one reader ({@link #read}, {@link #acknowledge}); one
 * syncer ({@link #sync}).
 */
public final class Journal implements Closeable {

  /**
   * The acknowledged position is persisted at most once a second: it only says where a restart
   * resends from (a crash resends at most a second more, duplicates the consumer absorbs), and
   * writing it (a file created, fsynced, renamed) on every group commit cost more than the commit.
   */
  static final Duration ACK_INTERVAL = Duration.ofSeconds(1);

  private final Path directory;
  private final long segmentBytes;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final AckFile ackFile;
  private final NavigableMap<Long, Path> segments;
  private final ReentrantLock appendLock = new ReentrantLock();
  private final ReentrantLock syncLock = new ReentrantLock();
  private final Condition appended = appendLock.newCondition();
  private final AtomicLong backlogEvents = new AtomicLong();
  private FileChannel active;
  private long activeBase;
  private boolean closed;
  private boolean rolled;
  private volatile long end;
  private volatile long acknowledged;
  private long synced;
  private long persistedAck;
  private long persistedAckAt;
  private final long ackIntervalNanos;
  private final JournalReader reader;

  private Journal(Path directory, long segmentBytes, Duration ackInterval, FileChannel lockChannel, FileLock lock)
      throws IOException {
    this.directory = directory;
    this.segmentBytes = segmentBytes;
    this.ackIntervalNanos = ackInterval.toNanos();
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.ackFile = new AckFile(directory);
    this.segments = Segments.list(directory);
    this.reader = new JournalReader(segments, () -> end);
  }

  /** Opens (and recovers) the journal in {@code directory}, creating it when missing. */
  public static Journal open(Path directory, long segmentBytes) throws IOException {
    return open(directory, segmentBytes, ACK_INTERVAL);
  }

  /** @param ackInterval how often at most {@link #sync} persists the acknowledged position */
  static Journal open(Path directory, long segmentBytes, Duration ackInterval) throws IOException {
    createPrivateDirectory(directory);
    SpoolFiles.requireOwnRegularFiles(directory);
    FileChannel lockChannel = SpoolFiles.open(directory.resolve("spool.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IOException("spool directory " + directory + " is in use by another process");
    }
    Journal journal = new Journal(directory, segmentBytes, ackInterval, lockChannel, lock);
    journal.recover();
    return journal;
  }

  /** Events are as sensitive as the topic: a directory the PDP creates is its user's alone. */
  private static void createPrivateDirectory(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return; // e.g. a mounted volume: its permissions are the operator's
    }
    Files.createDirectories(directory.toAbsolutePath().getParent());
    Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  private void recover() throws IOException {
    long ack = ackFile.read(segments.isEmpty() ? 0 : segments.firstKey());
    if (segments.isEmpty()) {
      SpoolFiles.open(Segments.path(directory, ack), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
      segments.put(ack, Segments.path(directory, ack));
    }
    JournalRecovery.Result recovered = JournalRecovery.scan(segments, Math.max(ack, segments.firstKey()));
    Segments.requireNoOverlap(segments);
    backlogEvents.set(recovered.records());
    activeBase = segments.lastKey();
    end = activeBase + Files.size(segments.lastEntry().getValue());
    acknowledged = Math.min(recovered.acknowledged(), end);
    persistedAck = ack;
    persistedAckAt = System.nanoTime() - ackIntervalNanos;
    if (acknowledged != ack) { // beyond the end (a tail lost) or inside a record: never skip what comes next
      ackFile.write(acknowledged);
      persistedAck = acknowledged;
    }
    synced = end;
    active = SpoolFiles.open(segments.lastEntry().getValue(), StandardOpenOption.WRITE);
    active.position(end - activeBase);
  }

  /** Appends one record; when this returns, a killed process keeps it (a crashed host: after {@link #sync}). */
  public long append(String key, byte[] value, long appendedAtMillis) throws IOException {
    ByteBuffer frame = RecordFrame.encode(key, value, appendedAtMillis);
    appendLock.lock();
    try {
      if (closed) {
        throw new ClosedChannelException();
      }
      if (end - activeBase >= segmentBytes) {
        roll();
      }
      long position = end;
      try {
        while (frame.hasRemaining()) {
          active.write(frame);
        }
      } catch (IOException e) { // e.g. a full disk: no half record may stay before the next one
        active.truncate(position - activeBase);
        active.position(position - activeBase);
        throw e;
      }
      end = position + frame.limit();
      backlogEvents.incrementAndGet();
      appended.signalAll();
      return position;
    } finally {
      appendLock.unlock();
    }
  }

  private void roll() throws IOException {
    active.force(false);
    active.close();
    activeBase = end;
    Path file = Segments.path(directory, activeBase);
    active = SpoolFiles.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    segments.put(activeBase, file);
    rolled = true;
  }

  /** Waits up to {@code timeout} for a record at or after {@code position}; true when there is one. */
  public boolean awaitAppended(long position, Duration timeout) throws InterruptedException {
    appendLock.lock();
    try {
      long nanos = timeout.toNanos();
      while (end <= position && nanos > 0) {
        nanos = appended.awaitNanos(nanos);
      }
      return end > position;
    } finally {
      appendLock.unlock();
    }
  }

  /** Up to {@code maxRecords} records (about {@code maxBytes}) from {@code position}, in journal order. */
  public List<JournalRecord> read(long position, int maxRecords, int maxBytes) throws IOException {
    return reader.read(position, maxRecords, maxBytes);
  }

  /** Everything before {@code position} ({@code records} of them since the last call) reached Kafka. */
  public void acknowledge(long position, int records) {
    acknowledged = position;
    backlogEvents.addAndGet(-records);
  }

  /**
   * Group commit: fsyncs what was appended since the last call; at most once per ack interval,
   * persists the acknowledged position and deletes the segments before it.
   *
   * @return whether anything was fsynced
   */
  public boolean sync() throws IOException {
    return sync(false);
  }

  // close() may run while a scheduled group commit that outlived its shutdown still does: syncLock
  private boolean sync(boolean closing) throws IOException {
    syncLock.lock();
    try {
      FileChannel channel;
      long target;
      boolean newSegment;
      appendLock.lock();
      try {
        channel = active;
        target = end;
        newSegment = rolled;
        rolled = false;
      } finally {
        appendLock.unlock();
      }
      boolean forced = target > synced;
      if (forced) {
        try {
          channel.force(false);
        } catch (ClosedChannelException e) {
          // rolled over meanwhile: a segment is fsynced when it is closed
        }
        synced = target;
      }
      if (newSegment) {
        Segments.forceDirectory(directory);
      }
      persistAck(closing);
      return forced;
    } finally {
      syncLock.unlock();
    }
  }

  private void persistAck(boolean closing) throws IOException {
    long ack = acknowledged;
    long now = System.nanoTime();
    if (ack != persistedAck && (closing || now - persistedAckAt >= ackIntervalNanos)) {
      ackFile.write(ack);
      persistedAck = ack;
      persistedAckAt = now;
      deleteSegmentsBefore(ack);
    }
  }

  private void deleteSegmentsBefore(long position) throws IOException {
    for (Long base : List.copyOf(segments.headMap(position, false).keySet())) {
      Long next = segments.higherKey(base);
      if (next != null && next <= position) {
        Files.deleteIfExists(segments.remove(base));
      }
    }
  }

  public long end() {
    return end;
  }

  public long acknowledged() {
    return acknowledged;
  }

  public long backlogBytes() {
    return Math.max(0, end - acknowledged);
  }

  public long backlogEvents() {
    return Math.max(0, backlogEvents.get());
  }

  @Override
  public void close() throws IOException {
    appendLock.lock();
    try {
      closed = true;
    } finally {
      appendLock.unlock();
    }
    try {
      sync(true);
    } finally {
      active.close();
      reader.close();
      lock.release();
      lockChannel.close();
    }
  }
}
