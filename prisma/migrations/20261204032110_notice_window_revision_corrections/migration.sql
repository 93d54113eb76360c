-- CreateTable
CREATE TABLE "HistoryCorrection" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "scheduleId" INTEGER NOT NULL,
    "shiftDate" TEXT NOT NULL,
    "templateId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,
    "byUserId" INTEGER,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "HistoryCorrection_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "HistoryCorrection_byUserId_fkey" FOREIGN KEY ("byUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Schedule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "periodStart" TEXT NOT NULL,
    "periodEnd" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 1,
    "basedOnId" INTEGER,
    "changeSummary" TEXT,
    "createdById" INTEGER,
    "publishedAt" DATETIME,
    "publishedById" INTEGER,
    "solverStatus" TEXT,
    "solverEngine" TEXT,
    "objective" REAL,
    "gapPercent" REAL,
    "solveMillis" INTEGER,
    "modelRows" INTEGER,
    "modelColumns" INTEGER,
    "solverDetails" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Schedule_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Schedule_basedOnId_fkey" FOREIGN KEY ("basedOnId") REFERENCES "Schedule" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Schedule_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Schedule_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Schedule" ("basedOnId", "changeSummary", "createdAt", "createdById", "gapPercent", "id", "modelColumns", "modelRows", "objective", "periodEnd", "periodStart", "publishedAt", "publishedById", "siteId", "solveMillis", "solverDetails", "solverEngine", "solverStatus", "status", "updatedAt", "version") SELECT "basedOnId", "changeSummary", "createdAt", "createdById", "gapPercent", "id", "modelColumns", "modelRows", "objective", "periodEnd", "periodStart", "publishedAt", "publishedById", "siteId", "solveMillis", "solverDetails", "solverEngine", "solverStatus", "status", "updatedAt", "version" FROM "Schedule";
DROP TABLE "Schedule";
ALTER TABLE "new_Schedule" RENAME TO "Schedule";
CREATE INDEX "Schedule_siteId_status_periodStart_idx" ON "Schedule"("siteId", "status", "periodStart");
CREATE UNIQUE INDEX "Schedule_siteId_periodStart_version_key" ON "Schedule"("siteId", "periodStart", "version");
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Site" ("createdAt", "id", "maxConsecutiveDays", "minRestMinutes", "name", "overtimeThresholdMinutes", "teamScheduleVisible", "techRatio", "timeZone", "updatedAt", "usState", "weightCoverageGap", "weightLabourCost", "weightNonPreferredShift", "weightStability", "weightTargetDeviation", "weightUnderMinHours", "weightUndesiredShift", "weightWeekendFairness") SELECT "createdAt", "id", "maxConsecutiveDays", "minRestMinutes", "name", "overtimeThresholdMinutes", "teamScheduleVisible", "techRatio", "timeZone", "updatedAt", "usState", "weightCoverageGap", "weightLabourCost", "weightNonPreferredShift", "weightStability", "weightTargetDeviation", "weightUnderMinHours", "weightUndesiredShift", "weightWeekendFairness" FROM "Site";
DROP TABLE "Site";
ALTER TABLE "new_Site" RENAME TO "Site";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "HistoryCorrection_scheduleId_idx" ON "HistoryCorrection"("scheduleId");
