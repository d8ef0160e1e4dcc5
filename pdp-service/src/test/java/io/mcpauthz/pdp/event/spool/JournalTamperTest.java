package io.mcpauthz.pdp.event.spool;

import static io.mcpauthz.pdp.event.spool.JournalTest.appendThree;
import static io.mcpauthz.pdp.event.spool.JournalTest.readAll;
import static io.mcpauthz.pdp.event.spool.JournalTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spool directory someone else wrote into, or a crash left odd: no record is skipped or
 * destroyed, nothing outside the directory is touched, and what cannot be trusted stops the
 * PDP with a clear message instead of being read wrongly.
 */
class JournalTamperTest {

  @TempDir
  Path dir;

  @TempDir
  Path outside;

  @Test
  void shouldKeepEveryFileForItsOwnerInADirectoryItDidNotCreate() throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // a mounted volume
    try (Journal journal = Journal.open(dir, 100)) {
      for (int i = 0; i < 10; i++) {
        journal.append("k", value(i), 0);
      }
      journal.acknowledge(readAll(journal, 0).get(0).next(), 1);
      journal.sync();
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isNotEmpty().allSatisfy(file ->
          assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
              .isEqualTo("rw-------"));
    }
  }

  @Test
  void shouldRefuseASegmentThatIsASymlinkAndLeaveItsTargetAlone() throws IOException {
    Path target = outside.resolve("precious");
    Files.writeString(target, "not a journal record");
    Files.createSymbolicLink(Segments.path(dir, 0), target);

    assertThatThrownBy(() -> Journal.open(dir, 1 << 20)).isInstanceOf(IOException.class)
        .hasMessageContaining("not a regular file");
    assertThat(Files.readString(target)).isEqualTo("not a journal record");
  }

  @Test
  void shouldRefuseAnAckFileThatIsASymlink() throws IOException {
    Path target = outside.resolve("precious");
    Files.writeString(target, "keep");
    Files.createSymbolicLink(dir.resolve("acknowledged.next"), target);

    assertThatThrownBy(() -> Journal.open(dir, 1 << 20)).isInstanceOf(IOException.class)
        .hasMessageContaining("not a regular file");
    assertThat(Files.readString(target)).isEqualTo("keep");
  }

  @Test
  void shouldResendTheSegmentWhenTheAckFallsInsideARecord() throws IOException {
    long second = appendThree(dir);
    new AckFile(dir).write(second + 5); // intact checksum, but no record starts there

    try (Journal reopened = Journal.open(dir, 1 << 20)) {
      assertThat(reopened.acknowledged()).isZero();
      assertThat(texts(readAll(reopened, reopened.acknowledged()))).containsExactly("event-0", "event-1", "event-2");
    }
  }

  @Test
  void shouldPersistAnAckBeyondTheEndAsTheEndSoLaterRecordsAreNotSkipped() throws IOException {
    try (Journal journal = Journal.open(dir, 1 << 20)) {
      journal.append("k", value(0), 0);
    }
    new AckFile(dir).write(10_000); // acknowledged records whose bytes a host crash lost before the fsync

    try (Journal reopened = Journal.open(dir, 1 << 20)) {
      assertThat(reopened.acknowledged()).isEqualTo(reopened.end());
      // the PDP may be killed before its next sync: what it appends from here must not count as forwarded
      assertThat(new AckFile(dir).read(-1)).isEqualTo(reopened.end());
    }
  }

  @Test
  void shouldRefuseASegmentNameBeyondAnyPosition() throws IOException {
    Files.createFile(dir.resolve("99999999999999999999.seg"));

    assertThatThrownBy(() -> Journal.open(dir, 1 << 20)).isInstanceOf(IOException.class)
        .hasMessageContaining("names no position");
  }

  @Test
  void shouldRefuseSegmentsThatOverlap() throws IOException {
    appendThree(dir);
    Files.copy(Segments.path(dir, 0), Segments.path(dir, 10)); // a copy named into the first one's range

    assertThatThrownBy(() -> Journal.open(dir, 1 << 20)).isInstanceOf(IOException.class)
        .hasMessageContaining("runs into the next one");
  }

  @Test
  void shouldMakeFilesAnEarlierVersionLeftReadableItsOwnersOnly() throws IOException {
    appendThree(dir);
    Path segment = Segments.path(dir, 0);
    Files.setPosixFilePermissions(segment, PosixFilePermissions.fromString("rw-r--r--"));

    try (Journal reopened = Journal.open(dir, 1 << 20)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(segment))).isEqualTo("rw-------");
    }
  }

  private static Stream<String> texts(java.util.List<JournalRecord> records) {
    return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8));
  }
}
