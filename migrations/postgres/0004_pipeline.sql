-- Runs of `ictrank run`: which crawl run belongs to which evaluation, and its evaluation date.
CREATE TABLE pipeline_runs (
    run_id BIGINT PRIMARY KEY,
    evaluation TEXT NOT NULL,
    evaluation_dir TEXT NOT NULL,
    as_of TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    review_count BIGINT,
    report_dir TEXT
);
CREATE INDEX pipeline_runs_eval ON pipeline_runs(evaluation, as_of);
