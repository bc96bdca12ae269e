-- Crawl runs: every fetch the crawler made, with bodies stored once by content hash (zstd).
CREATE TABLE crawl_runs (
    id BIGSERIAL PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    config TEXT NOT NULL
);

CREATE TABLE crawl_sites (
    id BIGSERIAL PRIMARY KEY,
    run_id BIGINT NOT NULL REFERENCES crawl_runs(id),
    unit_id TEXT,
    start_url TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    -- 'ok' or 'could_not_verify' once finished
    outcome TEXT,
    error_kind TEXT,
    error_detail TEXT,
    -- JSON array of run-log notes (capped Crawl-delay, budget exhausted, …)
    notes TEXT NOT NULL DEFAULT '[]',
    UNIQUE (run_id, start_url)
);

CREATE TABLE crawl_bodies (
    sha256 TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    zstd BYTEA NOT NULL
);

CREATE TABLE crawl_fetches (
    id BIGSERIAL PRIMARY KEY,
    run_id BIGINT NOT NULL REFERENCES crawl_runs(id),
    site_id BIGINT NOT NULL REFERENCES crawl_sites(id),
    url TEXT NOT NULL,
    final_url TEXT NOT NULL,
    role TEXT NOT NULL,
    status BIGINT,
    content_type TEXT,
    -- JSON array of [name, value] pairs, lower-case names
    headers TEXT NOT NULL,
    -- JSON array of redirect hop URLs
    redirects TEXT NOT NULL,
    -- same-site meta refresh / JavaScript redirect this page made, followed by the crawler
    soft_redirect TEXT,
    fetched_at TEXT NOT NULL,
    ttfb_ms BIGINT,
    total_ms BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    error_kind TEXT,
    error_detail TEXT,
    body_sha256 TEXT REFERENCES crawl_bodies(sha256),
    charset TEXT,
    -- 1 when the server answered 304 and the stored body of an earlier run was reused
    not_modified BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX crawl_fetches_site ON crawl_fetches(site_id, id);
CREATE INDEX crawl_fetches_url ON crawl_fetches(url, id);
