-- Crawl workers (`ictrank crawl --worker`, PostgreSQL only: SQLite has no SELECT … FOR UPDATE SKIP
-- LOCKED). The columns exist here too so both schemas stay alike; see the PostgreSQL migration.
ALTER TABLE crawl_sites ADD COLUMN host TEXT;
ALTER TABLE crawl_sites ADD COLUMN claimed_by TEXT;
ALTER TABLE crawl_sites ADD COLUMN heartbeat_at TEXT;
ALTER TABLE crawl_sites ADD COLUMN claims INTEGER NOT NULL DEFAULT 0;
CREATE INDEX crawl_sites_unfinished ON crawl_sites(run_id, id) WHERE outcome IS NULL;
