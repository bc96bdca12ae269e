-- Crawls of one unit queued from the web app, now answered on their own (`ictrank serve`'s
-- background task or `ictrank crawl-requests`): run_id is the run whose results the new crawl
-- replaces for that unit (the old audit stays in site_audits of that run); state is queued,
-- running, done or failed; crawl_run_id the crawl run that crawled it; error the Vietnamese cause
-- of a failure; report_dir the new version of the run's reports.
ALTER TABLE crawl_requests ADD COLUMN run_id INTEGER;
ALTER TABLE crawl_requests ADD COLUMN state TEXT NOT NULL DEFAULT 'queued';
ALTER TABLE crawl_requests ADD COLUMN started_at TEXT;
ALTER TABLE crawl_requests ADD COLUMN crawl_run_id INTEGER;
ALTER TABLE crawl_requests ADD COLUMN error TEXT;
ALTER TABLE crawl_requests ADD COLUMN report_dir TEXT;
UPDATE crawl_requests SET state = 'done' WHERE done_at IS NOT NULL;
CREATE INDEX crawl_requests_run ON crawl_requests(run_id, state);
