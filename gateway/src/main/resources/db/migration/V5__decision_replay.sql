-- Version 5: replay. The policy data of every version that came into force (so a past decision can be
-- re-decided against exactly its policy after the policy tables changed), and what each decision was
-- made from: the request (the PIN never; only whether one was typed and whether it matched), the
-- engine state before it and the engine's own decision (the event row may differ: a lock that would
-- not release turns a GRANT into a stored DENY).
CREATE TABLE policy_snapshots (
    version       BIGINT PRIMARY KEY,
    content_hash  TEXT NOT NULL,
    activated_at  TIMESTAMPTZ NOT NULL,
    data          TEXT NOT NULL
);

CREATE TABLE decision_records (
    event_key         TEXT PRIMARY KEY,
    snapshot_version  BIGINT NOT NULL,
    request           JSONB NOT NULL,
    state_before      TEXT[] NOT NULL,
    decision          JSONB NOT NULL
);
