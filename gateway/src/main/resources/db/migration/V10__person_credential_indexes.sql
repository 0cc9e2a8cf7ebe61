-- Version 10: the lookups of the persons and credentials API. A person's badges (the person's page,
-- a termination revoking every badge at once) and the badge that re-issued another were found by
-- scanning every credential: persons.id is referenced by credentials.person_id without an index.
CREATE INDEX credentials_person ON credentials (person_id);
CREATE INDEX credentials_replaces ON credentials (replaces) WHERE replaces IS NOT NULL;
