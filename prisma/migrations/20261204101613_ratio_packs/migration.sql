-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Site" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "usState" TEXT NOT NULL,
    "setting" TEXT NOT NULL DEFAULT 'COMMUNITY',
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
INSERT INTO "new_Site" ("budgetCents", "budgetHard", "budgetHours", "budgetLabourPercent", "claimPolicy", "createdAt", "id", "maxConsecutiveDays", "minRestMinutes", "name", "noticeWindowDays", "overtimeThresholdMinutes", "revenuePerRxCents", "swapApproval", "teamScheduleVisible", "techRatio", "timeZone", "updatedAt", "usState", "weightCoverageGap", "weightLabourCost", "weightNonPreferredShift", "weightNoticeChange", "weightOverBudget", "weightStability", "weightTargetDeviation", "weightUnderMinHours", "weightUndesiredShift", "weightWeekendFairness") SELECT "budgetCents", "budgetHard", "budgetHours", "budgetLabourPercent", "claimPolicy", "createdAt", "id", "maxConsecutiveDays", "minRestMinutes", "name", "noticeWindowDays", "overtimeThresholdMinutes", "revenuePerRxCents", "swapApproval", "teamScheduleVisible", "techRatio", "timeZone", "updatedAt", "usState", "weightCoverageGap", "weightLabourCost", "weightNonPreferredShift", "weightNoticeChange", "weightOverBudget", "weightStability", "weightTargetDeviation", "weightUnderMinHours", "weightUndesiredShift", "weightWeekendFairness" FROM "Site";
DROP TABLE "Site";
ALTER TABLE "new_Site" RENAME TO "Site";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
