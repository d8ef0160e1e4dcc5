package io.mcpauthz.pdp.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Reads and extends bundle archives (tar.gz) as {@code opa build} writes them. */
final class WasmBundles {

  private WasmBundles() {}

  /** The content of entry {@code name} (with or without its leading slash). */
  static byte[] entry(byte[] tarGz, String name) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tarGz)))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.getName().replaceFirst("^/", "").equals(name)) {
          return tar.readAllBytes();
        }
      }
    }
    throw new IOException("the bundle has no " + name);
  }

  /** The archive with one more file, {@code /<name>}. */
  static byte[] with(byte[] tarGz, String name, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tarGz)));
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        tar.putArchiveEntry(e);
        in.transferTo(tar);
        tar.closeArchiveEntry();
      }
      TarArchiveEntry added = new TarArchiveEntry("/" + name);
      added.setSize(content.length);
      tar.putArchiveEntry(added);
      tar.write(content);
      tar.closeArchiveEntry();
    }
    return out.toByteArray();
  }
}
