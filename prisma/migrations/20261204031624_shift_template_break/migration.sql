-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ShiftTemplate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "shiftType" TEXT NOT NULL,
    "weekdays" TEXT NOT NULL,
    "startMinute" INTEGER NOT NULL,
    "endMinute" INTEGER NOT NULL,
    "breakMinutes" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ShiftTemplate_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- Existing templates get the default unpaid meal break by length: 30 minutes on a shift over 6 hours
-- (an end at or before the start runs past midnight), none otherwise.
INSERT INTO "new_ShiftTemplate" ("active", "breakMinutes", "createdAt", "endMinute", "id", "name", "shiftType", "siteId", "startMinute", "updatedAt", "weekdays") SELECT "active", CASE WHEN (CASE WHEN "endMinute" > "startMinute" THEN "endMinute" - "startMinute" ELSE "endMinute" + 1440 - "startMinute" END) > 360 THEN 30 ELSE 0 END, "createdAt", "endMinute", "id", "name", "shiftType", "siteId", "startMinute", "updatedAt", "weekdays" FROM "ShiftTemplate";
DROP TABLE "ShiftTemplate";
ALTER TABLE "new_ShiftTemplate" RENAME TO "ShiftTemplate";
CREATE INDEX "ShiftTemplate_siteId_active_idx" ON "ShiftTemplate"("siteId", "active");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
