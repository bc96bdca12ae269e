-- Crawl workers (`ictrank crawl --worker`): processes on one or many machines share a run's sites.
-- A site is pending (claimed_by NULL, outcome NULL), claimed (claimed_by set, outcome NULL; the
-- claim lives while heartbeat_at is younger than the lease) or done (outcome set). `host` is the
-- start URL's host: one host is crawled by one worker at a time. `claims` counts claims.
ALTER TABLE crawl_sites ADD COLUMN host TEXT;
ALTER TABLE crawl_sites ADD COLUMN claimed_by TEXT;
ALTER TABLE crawl_sites ADD COLUMN heartbeat_at TIMESTAMPTZ;
ALTER TABLE crawl_sites ADD COLUMN claims BIGINT NOT NULL DEFAULT 0;
CREATE INDEX crawl_sites_unfinished ON crawl_sites(run_id, id) WHERE outcome IS NULL;
