-- The browser stage's findings (src/browser): one row per site of a crawl run, the
-- `SiteFindings` as JSON (load times, phone layout, accessibility, rendered pages).
CREATE TABLE browser_findings (
    run_id BIGINT NOT NULL,
    start_url TEXT NOT NULL,
    findings_json TEXT NOT NULL,
    PRIMARY KEY (run_id, start_url)
);
