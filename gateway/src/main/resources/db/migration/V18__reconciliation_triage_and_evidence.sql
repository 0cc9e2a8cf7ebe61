-- Version 18: the triage of reconciliation exceptions (docs/reconciliation.md, "In the gateway"). Each
-- disposition is a new row (append-only for the gateway's role): the newest per exception id is carried
-- into every later report, and the history of who changed their mind, when and why stays.
CREATE TABLE reconciliation_dispositions (
    id                 BIGSERIAL PRIMARY KEY,
    exception_id       TEXT NOT NULL CHECK (exception_id ~ '^X-[0-9a-f]{16}$'),
    reconciliation_id  BIGINT NOT NULL REFERENCES reconciliation_reports (reconciliation_id),
    disposition        TEXT NOT NULL CHECK (disposition IN ('TRUE_POSITIVE', 'FALSE_POSITIVE', 'ACCEPTED_RISK')),
    reviewer           TEXT NOT NULL,
    comment            TEXT NOT NULL,
    decided_at         TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX reconciliation_dispositions_exception ON reconciliation_dispositions (exception_id, id);

-- A report's detached Ed25519 signature by the site key and its evidence (a signed checkpoint and the
-- inclusion proof of every event it cites): written with the report, once.
ALTER TABLE reconciliation_reports ADD COLUMN report_sig TEXT, ADD COLUMN evidence TEXT;

-- The shareable variant of a report (every person id pseudonymised with a key derived from the site key),
-- with its own signature and evidence.
ALTER TABLE reconciliation_reports ADD COLUMN shareable_json BYTEA, ADD COLUMN shareable_csv TEXT, ADD COLUMN shareable_pdf BYTEA,
    ADD COLUMN shareable_sig TEXT, ADD COLUMN shareable_evidence TEXT;
