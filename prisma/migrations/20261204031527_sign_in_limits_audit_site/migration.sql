-- CreateTable
CREATE TABLE "SignInLimit" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" DATETIME,
    "refused" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "entity" TEXT,
    "entityId" TEXT,
    "detail" TEXT,
    "ip" TEXT,
    "siteId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditLog_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "AuditLog_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_AuditLog" ("action", "actorId", "createdAt", "detail", "entity", "entityId", "id", "ip") SELECT "action", "actorId", "createdAt", "detail", "entity", "entityId", "id", "ip" FROM "AuditLog";
DROP TABLE "AuditLog";
ALTER TABLE "new_AuditLog" RENAME TO "AuditLog";
CREATE INDEX "AuditLog_createdAt_idx" ON "AuditLog"("createdAt");
CREATE INDEX "AuditLog_action_createdAt_idx" ON "AuditLog"("action", "createdAt");
CREATE INDEX "AuditLog_siteId_createdAt_idx" ON "AuditLog"("siteId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SignInLimit_updatedAt_idx" ON "SignInLimit"("updatedAt");

-- Existing entries belong to their actor's site, or for a failed sign-in to the account tried.
UPDATE "AuditLog" SET "siteId" = (
    SELECT "Staff"."siteId" FROM "User" JOIN "Staff" ON "Staff"."id" = "User"."staffId"
    WHERE "User"."id" = "AuditLog"."actorId"
) WHERE "actorId" IS NOT NULL;
UPDATE "AuditLog" SET "siteId" = (
    SELECT "Staff"."siteId" FROM "User" JOIN "Staff" ON "Staff"."id" = "User"."staffId"
    WHERE "User"."email" = "AuditLog"."detail"
) WHERE "actorId" IS NULL AND "action" = 'auth.sign_in_failed';
