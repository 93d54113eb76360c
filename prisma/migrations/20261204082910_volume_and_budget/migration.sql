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

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Site" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "usState" TEXT NOT NULL,
    "minRestMinutes" INTEGER NOT NULL DEFAULT 600,
    "maxConsecutiveDays" INTEGER NOT NULL DEFAULT 6,
    "techRatio" INTEGER,
    "overtimeThresholdMinutes" INTEGER NOT NULL DEFAULT 2400,
    "teamScheduleVisible" BOOLEAN NOT NULL DEFAULT true,
    "weightCoverageGap" INTEGER NOT NULL DEFAULT 1000,
    "weightUnderMinHours" INTEGER NOT NULL DEFAULT 20,
    "weightTargetDeviation" INTEGER NOT NULL DEFAULT 2,
    "weightUndesiredShift" INTEGER NOT NULL DEFAULT 10,
    "weightNonPreferredShift" INTEGER NOT NULL DEFAULT 1,
    "weightWeekendFairness" INTEGER NOT NULL DEFAULT 5,
    "weightLabourCost" INTEGER NOT NULL DEFAULT 1,
    "weightStability" INTEGER NOT NULL DEFAULT 50,
    "noticeWindowDays" INTEGER NOT NULL DEFAULT 14,
    "weightNoticeChange" INTEGER NOT NULL DEFAULT 200,
    "budgetHours" INTEGER,
    "budgetCents" INTEGER,
    "budgetLabourPercent" REAL,
    "revenuePerRxCents" INTEGER,
    "budgetHard" BOOLEAN NOT NULL DEFAULT false,
    "weightOverBudget" INTEGER NOT NULL DEFAULT 40,
    "claimPolicy" TEXT NOT NULL DEFAULT 'FIRST_VALID',
    "swapApproval" TEXT NOT NULL DEFAULT 'MANAGER',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Site" ("claimPolicy", "createdAt", "id", "maxConsecutiveDays", "minRestMinutes", "name", "noticeWindowDays", "overtimeThresholdMinutes", "swapApproval", "teamScheduleVisible", "techRatio", "timeZone", "updatedAt", "usState", "weightCoverageGap", "weightLabourCost", "weightNonPreferredShift", "weightNoticeChange", "weightStability", "weightTargetDeviation", "weightUnderMinHours", "weightUndesiredShift", "weightWeekendFairness") SELECT "claimPolicy", "createdAt", "id", "maxConsecutiveDays", "minRestMinutes", "name", "noticeWindowDays", "overtimeThresholdMinutes", "swapApproval", "teamScheduleVisible", "techRatio", "timeZone", "updatedAt", "usState", "weightCoverageGap", "weightLabourCost", "weightNonPreferredShift", "weightNoticeChange", "weightStability", "weightTargetDeviation", "weightUnderMinHours", "weightUndesiredShift", "weightWeekendFairness" FROM "Site";
DROP TABLE "Site";
ALTER TABLE "new_Site" RENAME TO "Site";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "VolumeCount_siteId_date_idx" ON "VolumeCount"("siteId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "VolumeAdjustment_siteId_date_key" ON "VolumeAdjustment"("siteId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "ProductivityStandard_siteId_positionId_key" ON "ProductivityStandard"("siteId", "positionId");
