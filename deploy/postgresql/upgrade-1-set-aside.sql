-- Upgrade of an audit index from before day partitions (docs/audit.md, "Upgrading to day
-- partitions"), step 1 of 2: with every audit-consumer replica stopped, set the old table and
-- its indexes aside under other names (instant: nothing is copied). The next start of the new
-- version creates the partitioned table and indexes new events into it.
--   psql -v ON_ERROR_STOP=1 -1 -f upgrade-1-set-aside.sql <database>
ALTER TABLE decisions RENAME TO decisions_unpartitioned;
ALTER INDEX IF EXISTS decisions_pkey RENAME TO decisions_unpartitioned_pkey;
ALTER INDEX IF EXISTS decisions_time RENAME TO decisions_unpartitioned_time;
ALTER INDEX IF EXISTS decisions_session RENAME TO decisions_unpartitioned_session;
ALTER INDEX IF EXISTS decisions_subject RENAME TO decisions_unpartitioned_subject;
ALTER INDEX IF EXISTS decisions_tool RENAME TO decisions_unpartitioned_tool;
ALTER INDEX IF EXISTS decisions_reasons RENAME TO decisions_unpartitioned_reasons;
ALTER INDEX IF EXISTS decisions_search RENAME TO decisions_unpartitioned_search;
