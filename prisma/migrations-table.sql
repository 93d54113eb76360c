-- Prisma's migration history table, with the DDL Prisma's schema engine uses for SQLite. Read by
-- both writers of the history: the start-up runner (server/db/migrate.ts) and the offline schema
-- engine (prisma/schema-engine/schema-engine.mjs).
CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)
