-- Version 17: the gateway's own reconciliations (docs/reconciliation.md, "In the gateway"). All three
-- tables are append-only for the gateway's role (GatewayRole's default): a request, its one outcome and
-- its sign-offs are each written once; a report, once stored, is never rewritten.
CREATE TABLE reconciliations (
    id            BIGSERIAL PRIMARY KEY,
    site          TEXT NOT NULL,
    period_from   TIMESTAMPTZ NOT NULL,
    period_to     TIMESTAMPTZ NOT NULL,
    trigger       TEXT NOT NULL CHECK (trigger IN ('api', 'nightly')),
    requested_by  TEXT NOT NULL,
    requested_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    CHECK (period_to > period_from)
);
CREATE INDEX reconciliations_period ON reconciliations (period_from, trigger);

CREATE TABLE reconciliation_reports (
    reconciliation_id  BIGINT PRIMARY KEY REFERENCES reconciliations (id),
    finished_at        TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    outcome            TEXT NOT NULL CHECK (outcome IN ('DONE', 'FAILED')),
    report_id          TEXT,
    exceptions         INTEGER,
    events_read        BIGINT NOT NULL DEFAULT 0,
    report_sha256      TEXT,
    report_json        BYTEA,
    exceptions_csv     TEXT,
    report_pdf         BYTEA,
    error              TEXT,
    CHECK ((outcome = 'DONE') = (report_json IS NOT NULL AND report_sha256 IS NOT NULL))
);

CREATE TABLE reconciliation_signoffs (
    reconciliation_id  BIGINT NOT NULL REFERENCES reconciliation_reports (reconciliation_id),
    role               TEXT NOT NULL CHECK (role IN ('preparer', 'reviewer')),
    signed_by          TEXT NOT NULL,
    signed_at          TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    report_sha256      TEXT NOT NULL,
    comment            TEXT NOT NULL,
    PRIMARY KEY (reconciliation_id, role)
);
