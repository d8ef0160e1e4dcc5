-- Upgrade of an audit index from before day partitions, step 2 of 2: after the new version has
-- started (it created the partitioned table), copy the set-aside rows into it one day per
-- transaction, newest day first, while the replicas index and answer. A day appears in the API
-- when its transaction commits; an interrupted copy can be run again (stored rows are skipped).
-- The set-aside table is dropped at the end.
--   psql -v ON_ERROR_STOP=1 -f upgrade-2-copy.sql <database>
DO $$
DECLARE
  day timestamp;
BEGIN
  FOR day IN SELECT DISTINCT date_trunc('day', time) FROM decisions_unpartitioned ORDER BY 1 DESC LOOP
    PERFORM decisions_partition(day);
    INSERT INTO decisions (decision_id, time, decision, status, action_class, subject, client_id, server, tool,
        mcp_method, session_id, reasons, event, indexed_at, search_text)
    SELECT decision_id, time, decision, status, action_class, subject, client_id, server, tool,
        mcp_method, session_id, reasons, event, indexed_at, search_text
    FROM decisions_unpartitioned WHERE time >= day AND time < day + INTERVAL '1 day'
    ON CONFLICT DO NOTHING;
    COMMIT;
  END LOOP;
END $$;
DROP TABLE decisions_unpartitioned;
