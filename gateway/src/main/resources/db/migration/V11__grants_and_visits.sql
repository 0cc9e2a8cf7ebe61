-- Version 11: the rest of the grant and visit life cycle (docs/api.md, "Grants and visits"): who
-- denied, who revoked and why, who cancelled a visit, and when the gateway found a visitor still
-- checked in after their visit ended. Actor columns hold actor ids, as in V9.

ALTER TABLE grants
    ADD COLUMN denied_by      TEXT,
    ADD COLUMN denied_at      TIMESTAMPTZ,
    ADD COLUMN revoke_reason  TEXT,
    ADD CONSTRAINT grants_no_self_denial CHECK (denied_by IS NULL OR denied_by <> requested_by);
CREATE INDEX grants_person ON grants (person_id);
CREATE INDEX grants_state ON grants (state, requested_at);

ALTER TABLE visits
    ADD COLUMN denied_by      TEXT,
    ADD COLUMN denied_at      TIMESTAMPTZ,
    ADD COLUMN cancelled_by   TEXT,
    ADD COLUMN cancelled_at   TIMESTAMPTZ,
    ADD COLUMN cancel_reason  TEXT,
    -- set by the sweep (system:visit-overdue) when a checked-in visit passed its end without check-out
    ADD COLUMN overdue_at     TIMESTAMPTZ,
    ADD CONSTRAINT visits_no_self_denial CHECK (denied_by IS NULL OR denied_by <> requested_by),
    ADD CONSTRAINT visits_id_document_type CHECK (id_document_type IS NULL
        OR id_document_type IN ('PASSPORT', 'NATIONAL_ID', 'DRIVING_LICENCE', 'RESIDENCE_CARD', 'OTHER')),
    ADD CONSTRAINT visits_checked_in_has_document CHECK (state NOT IN ('CHECKED_IN', 'CHECKED_OUT')
        OR (id_document_type IS NOT NULL AND checked_in_at IS NOT NULL AND checked_in_by IS NOT NULL));
-- the sweep's question: which visits are checked in (or approved) past their end
CREATE INDEX visits_state_until ON visits (state, valid_until);
CREATE INDEX visits_checked_in ON visits (checked_in_at);
CREATE INDEX credentials_visit ON credentials (visit_id) WHERE visit_id IS NOT NULL;
