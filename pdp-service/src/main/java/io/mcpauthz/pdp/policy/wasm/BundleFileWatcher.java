package io.mcpauthz.pdp.policy.wasm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Polls a bundle file and hands it on when it changes (modification time or size), on its own
 * thread, off the request path. Each version of the file is tried once: a bundle that does not
 * load is not retried until the file changes again. Writers replace the file atomically
 * (rename), as {@code ./mcp-authz}'s policy-watcher does.
 */
final class BundleFileWatcher {

  private final ScheduledExecutorService timer = WasmEngine.loaderThread("policy-bundle-watcher");
  private final Path file;
  private final Consumer<Path> onChange;
  private String seen;

  private BundleFileWatcher(Path file, Consumer<Path> onChange) {
    this.file = file;
    this.onChange = onChange;
    this.seen = stamp();
  }

  /** Watches {@code file} from its current version on; the caller loaded that one already. */
  static BundleFileWatcher start(Path file, Duration interval, Consumer<Path> onChange) {
    BundleFileWatcher watcher = new BundleFileWatcher(file, onChange);
    watcher.timer.scheduleWithFixedDelay(watcher::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return watcher;
  }

  private void poll() {
    String now = stamp();
    if (now != null && !now.equals(seen)) {
      seen = now;
      onChange.accept(file);
    }
  }

  private String stamp() {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.lastModifiedTime().toMillis() + "/" + attributes.size() + "/" + attributes.fileKey();
    } catch (IOException e) {
      return null; // absent for now: keep serving what is loaded
    }
  }

  void close() {
    timer.shutdownNow();
  }
}
