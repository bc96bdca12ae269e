-- Website audits: one row per audited site and crawl run; result_json is the SiteAudit as JSON.
CREATE TABLE site_audits (
    id BIGSERIAL PRIMARY KEY,
    run_id BIGINT NOT NULL,
    unit_id TEXT,
    start_url TEXT NOT NULL,
    as_of TEXT NOT NULL,
    profile TEXT NOT NULL,
    points DOUBLE PRECISION NOT NULL,
    max_points DOUBLE PRECISION NOT NULL,
    result_json TEXT NOT NULL,
    audited_at TEXT NOT NULL
);
CREATE UNIQUE INDEX site_audits_run_site ON site_audits(run_id, start_url);
