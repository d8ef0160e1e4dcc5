package io.mcpauthz.pdp.event.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * The persisted "acknowledged up to" position: 8 bytes and their CRC32C, replaced atomically
 * (written beside, fsynced, renamed). Lost or damaged, the journal resends from its oldest
 * segment: duplicates, which the consumer absorbs, never a gap.
 */
final class AckFile {

  private static final Logger LOGGER = Logger.getLogger(AckFile.class);

  private final Path file;
  private final Path next;

  AckFile(Path directory) {
    this.file = directory.resolve("acknowledged");
    this.next = directory.resolve("acknowledged.next");
  }

  /** @param fallback the position to resend from when no intact file exists */
  long read(long fallback) throws IOException {
    ByteBuffer bytes;
    try {
      bytes = ByteBuffer.wrap(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return fallback;
    }
    if (bytes.remaining() == 12 && checksum(bytes.getLong(0)) == bytes.getInt(8)) {
      return bytes.getLong(0);
    }
    LOGGER.warnf("spool acknowledged position damaged, resending from position=%d", fallback);
    return fallback;
  }

  void write(long position) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(12).putLong(position).putInt(checksum(position)).flip();
    try (FileChannel channel = SpoolFiles.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static int checksum(long position) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(8).putLong(0, position));
    return (int) crc.getValue();
  }
}
