-- CreateTable
CREATE TABLE "DataVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- The counter's one row; triggers on every other table add to it (server/db/change-counter.ts).
INSERT INTO "DataVersion" ("id", "version") VALUES (1, 0);
