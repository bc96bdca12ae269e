-- Declared data imported by evaluators, and score overrides with their audit trail.
CREATE TABLE imports (
    id BIGSERIAL PRIMARY KEY,
    evaluation TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    row_count BIGINT NOT NULL
);

CREATE TABLE declared_values (
    id BIGSERIAL PRIMARY KEY,
    import_id BIGINT NOT NULL REFERENCES imports(id),
    evaluation TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    -- exactly one of group_id / criterion_id is set
    group_id TEXT,
    criterion_id TEXT,
    raw_value TEXT,
    points DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL,
    note TEXT
);
CREATE INDEX declared_values_eval ON declared_values(evaluation, unit_id);

CREATE TABLE overrides (
    id BIGSERIAL PRIMARY KEY,
    evaluation TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    criterion_id TEXT NOT NULL,
    points DOUBLE PRECISION NOT NULL,
    reason TEXT NOT NULL,
    evaluator TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX overrides_eval ON overrides(evaluation, unit_id);
