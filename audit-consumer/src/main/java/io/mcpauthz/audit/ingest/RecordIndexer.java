package io.mcpauthz.audit.ingest;

import io.mcpauthz.audit.AuditException;
import io.mcpauthz.audit.ErrorCode;
import io.mcpauthz.audit.event.DecisionEvent;
import io.mcpauthz.audit.event.DecisionEventParser;
import io.mcpauthz.audit.store.DecisionWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * Parses one poll's records and stores the good ones in one transaction. A bad record is
 * logged by position and reason (never its content: it may hold secrets), counted and skipped.
 */
@ApplicationScoped
public class RecordIndexer {

    private static final Logger LOGGER = Logger.getLogger(RecordIndexer.class);

    private final DecisionEventParser parser = new DecisionEventParser();
    private final DecisionWriter writer;
    private final IngestMetrics metrics;
    private final ConsumerStatus status;

    public RecordIndexer(DecisionWriter writer, IngestMetrics metrics, ConsumerStatus status) {
        this.writer = writer;
        this.metrics = metrics;
        this.status = status;
    }

    private void reject(ConsumerRecord<byte[], byte[]> record, ErrorCode code, String reason) {
        LOGGER.warnf("event rejected error_code=%s topic=%s partition=%d offset=%d reason=\"%s\"",
                code, record.topic(), record.partition(), record.offset(), reason);
        metrics.rejected(code);
    }

    /** Stores the batch; a store failure propagates so the offsets are not committed. */
    public void index(ConsumerRecords<byte[], byte[]> records) throws SQLException {
        // A decision_id twice in one batch (a redelivery) is stored once: the writer dedupes.
        List<DecisionEvent> batch = new ArrayList<>(records.count());
        int rejected = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                batch.add(parser.parse(record.value()));
            } catch (AuditException e) {
                reject(record, e.code(), e.getMessage());
                rejected++;
            } catch (RuntimeException e) {
                // A parser bug must not turn one record into a poison pill that stops ingest.
                reject(record, ErrorCode.EVENT_INVALID, e.getClass().getSimpleName());
                rejected++;
            }
        }
        int inserted = writer.insert(batch);
        metrics.indexed(inserted);
        int duplicates = records.count() - rejected - inserted;
        metrics.duplicates(duplicates);
        if (inserted > 0) {
            status.indexed(Instant.now());
            LOGGER.debugf("events indexed count=%d duplicates=%d", inserted, duplicates);
        }
    }
}
