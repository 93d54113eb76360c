-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProductivityStandard" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "positionId" INTEGER NOT NULL,
    "queue" TEXT NOT NULL DEFAULT '',
    "rxPerLabourHour" REAL,
    "minimumWhenOpen" INTEGER NOT NULL DEFAULT 0,
    "fixedTasks" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProductivityStandard_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ProductivityStandard_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "Position" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ProductivityStandard" ("fixedTasks", "id", "minimumWhenOpen", "positionId", "rxPerLabourHour", "siteId", "updatedAt") SELECT "fixedTasks", "id", "minimumWhenOpen", "positionId", "rxPerLabourHour", "siteId", "updatedAt" FROM "ProductivityStandard";
DROP TABLE "ProductivityStandard";
ALTER TABLE "new_ProductivityStandard" RENAME TO "ProductivityStandard";
CREATE UNIQUE INDEX "ProductivityStandard_siteId_positionId_key" ON "ProductivityStandard"("siteId", "positionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
