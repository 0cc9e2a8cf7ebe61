-- Version 9: who may use the API (users, roles, sessions, API tokens, login failures), what they did
-- (the audit trail), and the lifecycle of the policy's people, badges, grants and visits
-- (docs/data-model.md). Actor columns hold actor ids: 'user:<id>', 'token:<id>', 'system:<rule>'.

CREATE TABLE users (
    id                    BIGSERIAL PRIMARY KEY,
    login                 TEXT NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9._@-]{0,63}$'),
    display_name          TEXT NOT NULL,
    -- Argon2id in the PHC string format: the parameters are stored with each hash
    password_hash         TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    locale                TEXT NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'ja')),
    person_id             TEXT REFERENCES persons (id),
    must_change_password  BOOLEAN NOT NULL DEFAULT false,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by            TEXT NOT NULL,
    disabled_at           TIMESTAMPTZ,
    disabled_by           TEXT
);

CREATE TABLE user_roles (
    user_id  BIGINT NOT NULL REFERENCES users (id),
    role     TEXT NOT NULL CHECK (role IN ('security-desk', 'facilities', 'auditor', 'admin')),
    PRIMARY KEY (user_id, role)
);

-- id is the SHA-256 (hex) of the cookie's value: the value itself is never stored
CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id),
    csrf_hash     TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    address       TEXT NOT NULL,
    user_agent    TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- token_hash is the SHA-256 (hex) of the token: shown once at creation, never stored
CREATE TABLE api_tokens (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    roles         TEXT[] NOT NULL CHECK (cardinality(roles) > 0
                      AND roles <@ ARRAY['security-desk', 'facilities', 'auditor', 'admin']),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by    TEXT NOT NULL,
    expires_at    TIMESTAMPTZ,
    last_used_at  TIMESTAMPTZ,
    last_used_from TEXT,
    revoked_at    TIMESTAMPTZ,
    revoked_by    TEXT
);

-- throttling and lockout are keyed by (login, address) and by address, never by login alone,
-- so nobody can lock the desk out from another address
CREATE TABLE login_failures (
    id       BIGSERIAL PRIMARY KEY,
    login    TEXT NOT NULL,
    address  TEXT NOT NULL,
    at       TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX login_failures_pair ON login_failures (login, address, at);
CREATE INDEX login_failures_address ON login_failures (address, at);

-- Every change made through the API, every refused call and every login: append-only for the
-- gateway's role. before/after never hold a secret (password, PIN, token).
CREATE TABLE audit_trail (
    id           BIGSERIAL PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    actor        TEXT NOT NULL,
    address      TEXT,
    action       TEXT NOT NULL,
    resource     TEXT,
    resource_id  TEXT,
    outcome      TEXT NOT NULL CHECK (outcome IN ('DONE', 'UNAUTHENTICATED', 'FORBIDDEN', 'INVALID', 'NOT_FOUND',
                                                  'CONFLICT', 'THROTTLED', 'FAILED')),
    status       INT NOT NULL,
    before       JSONB,
    after        JSONB,
    detail       TEXT,
    request_id   TEXT
);
CREATE INDEX audit_trail_at ON audit_trail (at, id);
CREATE INDEX audit_trail_resource ON audit_trail (resource, resource_id, id);
CREATE INDEX audit_trail_actor ON audit_trail (actor, id);

-- Persons: organization, an external id for an HR feed, who created them
ALTER TABLE persons
    ADD COLUMN organization  TEXT,
    ADD COLUMN external_id   TEXT UNIQUE,
    ADD COLUMN created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD COLUMN created_by    TEXT NOT NULL DEFAULT 'system:migration',
    ADD COLUMN terminated_by TEXT;

-- Credentials: issue, re-issue, and the visit a visitor badge belongs to
ALTER TABLE credentials
    ADD COLUMN issued_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD COLUMN issued_by  TEXT NOT NULL DEFAULT 'system:migration',
    ADD COLUMN replaces   TEXT REFERENCES credentials (id),
    ADD COLUMN visit_id   TEXT REFERENCES visits (id);

-- Every status change of a credential, in the transaction that makes it (append-only)
CREATE TABLE credential_status_changes (
    id             BIGSERIAL PRIMARY KEY,
    credential_id  TEXT NOT NULL REFERENCES credentials (id),
    from_status    TEXT,
    to_status      TEXT NOT NULL,
    at             TIMESTAMPTZ NOT NULL,
    actor          TEXT NOT NULL,
    reason         TEXT,
    approval_id    BIGINT
);
CREATE INDEX credential_status_changes_credential ON credential_status_changes (credential_id, at);

-- Grants: requested, approved or denied by another person, revoked. Only APPROVED grants are in force.
ALTER TABLE grants
    ALTER COLUMN approved_by DROP NOT NULL,
    ADD COLUMN state         TEXT NOT NULL DEFAULT 'APPROVED' CHECK (state IN ('REQUESTED', 'APPROVED', 'DENIED', 'REVOKED')),
    ADD COLUMN requested_by  TEXT NOT NULL DEFAULT 'system:migration',
    ADD COLUMN requested_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD COLUMN reason        TEXT,
    ADD COLUMN approved_at   TIMESTAMPTZ,
    ADD COLUMN decision_comment TEXT,
    ADD COLUMN revoked_at    TIMESTAMPTZ,
    ADD COLUMN revoked_by    TEXT,
    ADD CONSTRAINT grants_no_self_approval CHECK (approved_by IS NULL OR approved_by <> requested_by),
    ADD CONSTRAINT grants_approved_has_approver CHECK (state <> 'APPROVED' OR approved_by IS NOT NULL);

-- Visits: requested by a host, approved by the desk, checked in (ID type checked) and out.
ALTER TABLE visits
    ALTER COLUMN approved_by DROP NOT NULL,
    ADD COLUMN state           TEXT NOT NULL DEFAULT 'APPROVED' CHECK (state IN ('REQUESTED', 'APPROVED', 'DENIED',
                                   'CHECKED_IN', 'CHECKED_OUT', 'CANCELLED', 'NO_SHOW')),
    ADD COLUMN host_person_id  TEXT REFERENCES persons (id),
    ADD COLUMN organization    TEXT,
    ADD COLUMN purpose         TEXT,
    ADD COLUMN requested_by    TEXT NOT NULL DEFAULT 'system:migration',
    ADD COLUMN requested_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD COLUMN approved_at     TIMESTAMPTZ,
    ADD COLUMN decision_comment TEXT,
    ADD COLUMN id_document_type TEXT,
    ADD COLUMN checked_in_at   TIMESTAMPTZ,
    ADD COLUMN checked_in_by   TEXT,
    ADD COLUMN checked_out_at  TIMESTAMPTZ,
    ADD COLUMN checked_out_by  TEXT,
    ADD COLUMN visitor_credential_id TEXT REFERENCES credentials (id),
    ADD CONSTRAINT visits_no_self_approval CHECK (approved_by IS NULL OR approved_by <> requested_by),
    ADD CONSTRAINT visits_approved_has_approver CHECK (state IN ('REQUESTED', 'DENIED', 'CANCELLED') OR approved_by IS NOT NULL);

-- Every four-eyes decision (a grant, a visit, a reinstated credential): the database itself refuses
-- a decision by the requester, whatever the code above it forgets.
CREATE TABLE approvals (
    id            BIGSERIAL PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('GRANT', 'VISIT', 'REINSTATE')),
    subject_id    TEXT NOT NULL,
    requested_by  TEXT NOT NULL,
    requested_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    reason        TEXT,
    state         TEXT NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'APPROVED', 'DENIED', 'WITHDRAWN')),
    decided_by    TEXT,
    decided_at    TIMESTAMPTZ,
    comment       TEXT,
    CHECK (decided_by IS NULL OR decided_by <> requested_by),
    CHECK ((state = 'PENDING') = (decided_at IS NULL))
);
CREATE INDEX approvals_pending ON approvals (kind, state, requested_at);
CREATE INDEX approvals_subject ON approvals (kind, subject_id);
