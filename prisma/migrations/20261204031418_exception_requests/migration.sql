-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AvailabilityException" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "staffId" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "startMinute" INTEGER,
    "endMinute" INTEGER,
    "kind" TEXT NOT NULL,
    "note" TEXT,
    "status" TEXT NOT NULL DEFAULT 'APPROVED',
    "calledOut" BOOLEAN NOT NULL DEFAULT false,
    "reviewNote" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AvailabilityException_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Exceptions recorded by earlier call-outs are marked by their note.
INSERT INTO "new_AvailabilityException" ("date", "endMinute", "id", "kind", "note", "staffId", "startMinute", "calledOut") SELECT "date", "endMinute", "id", "kind", "note", "staffId", "startMinute", "note" LIKE 'Called out:%' FROM "AvailabilityException";
DROP TABLE "AvailabilityException";
ALTER TABLE "new_AvailabilityException" RENAME TO "AvailabilityException";
CREATE INDEX "AvailabilityException_staffId_date_idx" ON "AvailabilityException"("staffId", "date");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
