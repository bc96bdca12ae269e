-- The evaluators' office: accounts and their sessions, overrides that keep the evidence they were
-- made on (and may be scoped to one run), and crawls of one unit queued from the web app.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE web_sessions (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

-- run_id: the run the evaluator looked at; only_run = 1: the override decides that run only;
-- evidence: the criterion's result in that run (JSON), which the override holds on.
ALTER TABLE overrides ADD COLUMN run_id INTEGER;
ALTER TABLE overrides ADD COLUMN only_run INTEGER NOT NULL DEFAULT 0;
ALTER TABLE overrides ADD COLUMN evidence TEXT;

CREATE TABLE crawl_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    evaluation TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    done_at TEXT
);
CREATE INDEX crawl_requests_open ON crawl_requests(evaluation, unit_id);
