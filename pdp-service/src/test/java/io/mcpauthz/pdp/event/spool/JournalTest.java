package io.mcpauthz.pdp.event.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal keeps records in order across segments and restarts, and recovers from a torn tail. */
class JournalTest {

  @TempDir
  Path dir;

  @Test
  void shouldReadBackKeysAndValuesInOrderAcrossSegments() throws IOException {
    try (Journal journal = Journal.open(dir, 100)) {
      for (int i = 0; i < 20; i++) {
        journal.append(i % 3 == 0 ? null : "s-" + (i % 2), value(i), 1000 + i);
      }
      List<JournalRecord> all = readAll(journal, journal.acknowledged());
      assertThat(all).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
          .containsExactly(values(0, 20));
      assertThat(all.get(0).key()).isNull();
      assertThat(all.get(1).key()).isEqualTo("s-1");
      assertThat(all.get(5).appendedAt()).isEqualTo(1005);
      assertThat(Segments.list(dir)).hasSizeGreaterThan(3);
      assertThat(journal.backlogEvents()).isEqualTo(20);
    }
  }

  @Test
  void shouldResumeAfterTheAcknowledgedPositionAndDeleteForwardedSegments() throws IOException {
    long ack;
    try (Journal journal = Journal.open(dir, 300)) {
      for (int i = 0; i < 20; i++) {
        journal.append("k", value(i), 0);
      }
      List<JournalRecord> first = journal.read(journal.acknowledged(), 12, 1 << 20);
      ack = readAll(journal, journal.acknowledged()).get(11).next();
      journal.acknowledge(ack, 12);
      journal.sync();
      assertThat(first).isNotEmpty();
      assertThat(Segments.list(dir).firstKey()).as("wholly forwarded segments are deleted").isGreaterThan(0);
    }
    try (Journal reopened = Journal.open(dir, 300)) {
      assertThat(reopened.acknowledged()).isEqualTo(ack);
      assertThat(reopened.backlogEvents()).isEqualTo(8);
      assertThat(readAll(reopened, reopened.acknowledged())).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
          .containsExactly(values(12, 20));
    }
  }

  @Test
  void shouldPersistTheAcknowledgedPositionAtMostOncePerIntervalAndAtClose() throws IOException {
    long first;
    long second;
    try (Journal journal = Journal.open(dir, 1 << 20, Duration.ofHours(1))) {
      for (int i = 0; i < 3; i++) {
        journal.append("k", value(i), 0);
      }
      List<JournalRecord> all = readAll(journal, 0);
      first = all.get(0).next();
      second = all.get(1).next();
      journal.acknowledge(first, 1);
      journal.sync(); // the first persists at once
      journal.acknowledge(second, 1);
      journal.sync(); // within the interval: not yet
      assertThat(new AckFile(dir).read(-1)).isEqualTo(first);
    }
    assertThat(new AckFile(dir).read(-1)).as("closing persists it").isEqualTo(second);
  }

  @Test
  void shouldCutATornTailAndAppendAfterIt() throws IOException {
    try (Journal journal = Journal.open(dir, 1 << 20)) {
      for (int i = 0; i < 3; i++) {
        journal.append("k", value(i), 0);
      }
    }
    Path segment = Segments.list(dir).lastEntry().getValue();
    long intact = Files.size(segment);
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      // a crash in the middle of writing a fourth record: its header and half its payload
      ByteBuffer torn = RecordFrame.encode("k", value(3), 0);
      channel.write(torn.limit(torn.limit() / 2), intact);
    }
    try (Journal reopened = Journal.open(dir, 1 << 20)) {
      assertThat(Files.size(segment)).isEqualTo(intact);
      reopened.append("k", value(4), 0);
      assertThat(readAll(reopened, 0)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
          .containsExactly("event-0", "event-1", "event-2", "event-4");
    }
  }

  @Test
  void shouldCutAtARecordWhoseChecksumFails() throws IOException {
    long second = appendThree(dir);
    Path segment = Segments.list(dir).lastEntry().getValue();
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {'X'}), second + RecordFrame.HEADER_BYTES + 15);
    }
    try (Journal reopened = Journal.open(dir, 1 << 20)) {
      assertThat(readAll(reopened, 0)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
          .containsExactly("event-0");
      assertThat(reopened.backlogEvents()).isEqualTo(1);
    }
  }

  @Test
  void shouldCreateItsDirectoryForItsOwnerOnly() throws IOException {
    Path spool = dir.resolve("run/spool");
    try (Journal journal = Journal.open(spool, 1 << 20)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool))).isEqualTo("rwx------");
    }
  }

  @Test
  void shouldRefuseASecondOpenOfTheSameDirectory() throws IOException {
    try (Journal journal = Journal.open(dir, 1 << 20)) {
      assertThatThrownBy(() -> Journal.open(dir, 1 << 20)).isInstanceOf(IOException.class)
          .hasMessageContaining("in use");
    }
  }

  @Test
  void shouldCountFsyncsOnlyWhenSomethingWasAppended() throws IOException {
    try (Journal journal = Journal.open(dir, 1 << 20)) {
      assertThat(journal.sync()).isFalse();
      journal.append("k", value(0), 0);
      assertThat(journal.sync()).isTrue();
      assertThat(journal.sync()).isFalse();
    }
  }

  /** Appends event-0, event-1 and event-2 to a closed journal; returns where event-1 starts. */
  static long appendThree(Path dir) throws IOException {
    try (Journal journal = Journal.open(dir, 1 << 20)) {
      journal.append("k", value(0), 0);
      long second = journal.append("k", value(1), 0);
      journal.append("k", value(2), 0);
      return second;
    }
  }

  static List<JournalRecord> readAll(Journal journal, long from) throws IOException {
    List<JournalRecord> all = new ArrayList<>();
    long position = from;
    while (true) {
      List<JournalRecord> batch = journal.read(position, 7, 1 << 20);
      if (batch.isEmpty()) {
        return all;
      }
      all.addAll(batch);
      position = batch.get(batch.size() - 1).next();
    }
  }

  static byte[] value(int i) {
    return ("event-" + i).getBytes(StandardCharsets.UTF_8);
  }

  private static String[] values(int from, int to) {
    String[] values = new String[to - from];
    for (int i = from; i < to; i++) {
      values[i - from] = "event-" + i;
    }
    return values;
  }
}
