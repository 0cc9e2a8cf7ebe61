-- Version 20 (issue 14): policy_deltas by seq alone. A policy delta's leaf names its row by seq
-- (docs/evidence.md, Leaves), and verify-log and inclusion proofs read those rows by seq (a range of seqs,
-- an array of them, one seq); the primary key (version, seq) leads with version, so each of those reads
-- scanned the whole table (or the whole index). Not unique: a duplicate seq (only by hand) must not fail
-- the migration; the log's (kind, row_id) is unique anyway, so such a row shows up as unlogged.

CREATE INDEX policy_deltas_seq ON policy_deltas (seq);
