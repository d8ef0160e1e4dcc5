package io.mcpauthz.audit.ingest;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Stores nothing: records which batches it was given, waits until released, fails on demand. */
final class StubIndexer extends RecordIndexer {

  final List<Batch> stored = new CopyOnWriteArrayList<>();
  final CountDownLatch release = new CountDownLatch(1);
  volatile SQLException failure;

  StubIndexer() {
    super(null, null, null, null, null);
  }

  @Override
  void store(Batch batch) throws Exception {
    if (!release.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("never released");
    }
    if (failure != null) {
      throw failure;
    }
    stored.add(batch);
  }
}
