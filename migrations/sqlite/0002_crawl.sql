-- Crawl runs: every fetch the crawler made, with bodies stored once by content hash (zstd).
CREATE TABLE crawl_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    config TEXT NOT NULL
);

CREATE TABLE crawl_sites (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER NOT NULL REFERENCES crawl_runs(id),
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
    size INTEGER NOT NULL,
    zstd BLOB NOT NULL
);

CREATE TABLE crawl_fetches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER NOT NULL REFERENCES crawl_runs(id),
    site_id INTEGER NOT NULL REFERENCES crawl_sites(id),
    url TEXT NOT NULL,
    final_url TEXT NOT NULL,
    role TEXT NOT NULL,
    status INTEGER,
    content_type TEXT,
    -- JSON array of [name, value] pairs, lower-case names
    headers TEXT NOT NULL,
    -- JSON array of redirect hop URLs
    redirects TEXT NOT NULL,
    -- same-site meta refresh / JavaScript redirect this page made, followed by the crawler
    soft_redirect TEXT,
    fetched_at TEXT NOT NULL,
    ttfb_ms INTEGER,
    total_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    error_kind TEXT,
    error_detail TEXT,
    body_sha256 TEXT REFERENCES crawl_bodies(sha256),
    charset TEXT,
    -- 1 when the server answered 304 and the stored body of an earlier run was reused
    not_modified INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX crawl_fetches_site ON crawl_fetches(site_id, id);
CREATE INDEX crawl_fetches_url ON crawl_fetches(url, id);
