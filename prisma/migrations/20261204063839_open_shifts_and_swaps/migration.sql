-- CreateTable
CREATE TABLE "OpenShift" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "periodStart" TEXT NOT NULL,
    "shiftDate" TEXT NOT NULL,
    "templateId" INTEGER NOT NULL,
    "positionId" INTEGER NOT NULL,
    "origin" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "offerMode" TEXT NOT NULL DEFAULT 'ALL',
    "offerMinutes" INTEGER,
    "droppedById" INTEGER,
    "postedById" INTEGER,
    "note" TEXT,
    "filledById" INTEGER,
    "filledAt" DATETIME,
    "resultScheduleId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OpenShift_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OpenShift_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "ShiftTemplate" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OpenShift_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "Position" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OpenShift_droppedById_fkey" FOREIGN KEY ("droppedById") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "OpenShift_postedById_fkey" FOREIGN KEY ("postedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "OpenShift_filledById_fkey" FOREIGN KEY ("filledById") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OpenShiftOffer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "openShiftId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OFFERED',
    "offeredAt" DATETIME,
    "expiresAt" DATETIME,
    "claimedAt" DATETIME,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OpenShiftOffer_openShiftId_fkey" FOREIGN KEY ("openShiftId") REFERENCES "OpenShift" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OpenShiftOffer_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ShiftRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "periodStart" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING_COLLEAGUE',
    "fromStaffId" INTEGER NOT NULL,
    "toStaffId" INTEGER NOT NULL,
    "shiftDate" TEXT NOT NULL,
    "templateId" INTEGER NOT NULL,
    "positionId" INTEGER NOT NULL,
    "swapShiftDate" TEXT,
    "swapTemplateId" INTEGER,
    "swapPositionId" INTEGER,
    "baseScheduleId" INTEGER NOT NULL,
    "note" TEXT,
    "outcome" TEXT,
    "decidedById" INTEGER,
    "decidedAt" DATETIME,
    "resultScheduleId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ShiftRequest_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ShiftRequest_fromStaffId_fkey" FOREIGN KEY ("fromStaffId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ShiftRequest_toStaffId_fkey" FOREIGN KEY ("toStaffId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ShiftRequest_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
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
    "claimPolicy" TEXT NOT NULL DEFAULT 'FIRST_VALID',
    "swapApproval" TEXT NOT NULL DEFAULT 'MANAGER',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Site" ("createdAt", "id", "maxConsecutiveDays", "minRestMinutes", "name", "noticeWindowDays", "overtimeThresholdMinutes", "teamScheduleVisible", "techRatio", "timeZone", "updatedAt", "usState", "weightCoverageGap", "weightLabourCost", "weightNonPreferredShift", "weightNoticeChange", "weightStability", "weightTargetDeviation", "weightUnderMinHours", "weightUndesiredShift", "weightWeekendFairness") SELECT "createdAt", "id", "maxConsecutiveDays", "minRestMinutes", "name", "noticeWindowDays", "overtimeThresholdMinutes", "teamScheduleVisible", "techRatio", "timeZone", "updatedAt", "usState", "weightCoverageGap", "weightLabourCost", "weightNonPreferredShift", "weightNoticeChange", "weightStability", "weightTargetDeviation", "weightUnderMinHours", "weightUndesiredShift", "weightWeekendFairness" FROM "Site";
DROP TABLE "Site";
ALTER TABLE "new_Site" RENAME TO "Site";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "OpenShift_siteId_status_shiftDate_idx" ON "OpenShift"("siteId", "status", "shiftDate");

-- CreateIndex
CREATE INDEX "OpenShiftOffer_staffId_status_idx" ON "OpenShiftOffer"("staffId", "status");

-- CreateIndex
CREATE INDEX "OpenShiftOffer_status_expiresAt_idx" ON "OpenShiftOffer"("status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "OpenShiftOffer_openShiftId_staffId_key" ON "OpenShiftOffer"("openShiftId", "staffId");

-- CreateIndex
CREATE INDEX "ShiftRequest_fromStaffId_status_idx" ON "ShiftRequest"("fromStaffId", "status");

-- CreateIndex
CREATE INDEX "ShiftRequest_toStaffId_status_idx" ON "ShiftRequest"("toStaffId", "status");

-- CreateIndex
CREATE INDEX "ShiftRequest_siteId_status_idx" ON "ShiftRequest"("siteId", "status");
