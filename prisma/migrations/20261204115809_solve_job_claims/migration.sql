-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SolveJob" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "periodStart" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'GENERATE',
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "activeKey" TEXT,
    "requestedById" INTEGER,
    "scheduleId" INTEGER,
    "engine" TEXT,
    "bestObjective" REAL,
    "progress" TEXT,
    "error" TEXT,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "baseScheduleId" INTEGER,
    "district" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "workerId" TEXT,
    "heartbeatAt" DATETIME,
    CONSTRAINT "SolveJob_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SolveJob_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "SolveJob_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_SolveJob" ("activeKey", "baseScheduleId", "bestObjective", "cancelRequested", "createdAt", "district", "engine", "error", "finishedAt", "id", "kind", "periodStart", "progress", "requestedById", "scheduleId", "siteId", "startedAt", "status") SELECT "activeKey", "baseScheduleId", "bestObjective", "cancelRequested", "createdAt", "district", "engine", "error", "finishedAt", "id", "kind", "periodStart", "progress", "requestedById", "scheduleId", "siteId", "startedAt", "status" FROM "SolveJob";
DROP TABLE "SolveJob";
ALTER TABLE "new_SolveJob" RENAME TO "SolveJob";
CREATE UNIQUE INDEX "SolveJob_activeKey_key" ON "SolveJob"("activeKey");
CREATE INDEX "SolveJob_siteId_periodStart_createdAt_idx" ON "SolveJob"("siteId", "periodStart", "createdAt");
CREATE INDEX "SolveJob_status_id_idx" ON "SolveJob"("status", "id");
CREATE INDEX "SolveJob_status_siteId_idx" ON "SolveJob"("status", "siteId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
