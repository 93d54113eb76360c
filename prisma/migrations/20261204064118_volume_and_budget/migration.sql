-- AlterTable
ALTER TABLE "Site" ADD COLUMN "budgetCents" INTEGER;
ALTER TABLE "Site" ADD COLUMN "budgetHours" INTEGER;

-- CreateTable
CREATE TABLE "VolumeCount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "hour" INTEGER,
    "queue" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "VolumeCount_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VolumeAdjustment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "multiplier" REAL NOT NULL,
    "note" TEXT NOT NULL,
    CONSTRAINT "VolumeAdjustment_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProductivityStandard" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "positionId" INTEGER NOT NULL,
    "rxPerLabourHour" REAL,
    "minimumWhenOpen" INTEGER NOT NULL DEFAULT 0,
    "fixedTasks" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProductivityStandard_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ProductivityStandard_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "Position" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "VolumeCount_siteId_date_idx" ON "VolumeCount"("siteId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "VolumeAdjustment_siteId_date_key" ON "VolumeAdjustment"("siteId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "ProductivityStandard_siteId_positionId_key" ON "ProductivityStandard"("siteId", "positionId");
