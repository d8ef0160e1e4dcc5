package io.mcpauthz.pdp.event.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How the journal touches its files: created readable by the PDP's user only (events carry
 * arguments), whatever the umask or the directory's permissions, and never through a link: a
 * symlink planted in the directory would make recovery truncate or the ack write overwrite its
 * target.
 */
final class SpoolFiles {

  private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE);

  private SpoolFiles() {}

  /** Opens a journal file, creating it owner-only when {@code options} say so; a link is refused. */
  static FileChannel open(Path file, OpenOption... options) throws IOException {
    Set<OpenOption> all = new HashSet<>(Set.of(options));
    all.add(LinkOption.NOFOLLOW_LINKS);
    return FileChannel.open(file, all, OWNER_ONLY);
  }

  /**
   * Fails unless every file the journal owns in {@code directory} is a regular file, and makes
   * each its owner's only (files an older version left readable by others).
   */
  static void requireOwnRegularFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!owned(file)) {
          continue;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException("spool file " + file + " is not a regular file (a link?): refusing to use the spool");
        }
        Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
      }
    }
  }

  private static boolean owned(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".seg") || name.startsWith("acknowledged") || name.equals("spool.lock");
  }
}
