-- AlterTable
ALTER TABLE "Credential" ADD COLUMN "issuingState" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PositionCredential" (
    "positionId" INTEGER NOT NULL,
    "credentialTypeId" INTEGER NOT NULL,
    "anyOfGroup" INTEGER,
    "siteStateOnly" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("positionId", "credentialTypeId"),
    CONSTRAINT "PositionCredential_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "Position" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PositionCredential_credentialTypeId_fkey" FOREIGN KEY ("credentialTypeId") REFERENCES "CredentialType" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_PositionCredential" ("credentialTypeId", "positionId") SELECT "credentialTypeId", "positionId" FROM "PositionCredential";
DROP TABLE "PositionCredential";
ALTER TABLE "new_PositionCredential" RENAME TO "PositionCredential";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Data (issue 15): the lead technician accepts CPhT or ExCPT (NHA's ExCPT is the other national
-- technician certification), where the position still requires CPhT as seeded.
UPDATE "PositionCredential" SET "anyOfGroup" = 1
WHERE "positionId" IN (SELECT "id" FROM "Position" WHERE "code" = 'LEAD_TECH')
  AND "credentialTypeId" IN (SELECT "id" FROM "CredentialType" WHERE "code" = 'CPHT');
INSERT INTO "PositionCredential" ("positionId", "credentialTypeId", "anyOfGroup", "siteStateOnly")
SELECT pc."positionId", t."id", 1, false
FROM "PositionCredential" pc
JOIN "Position" p ON p."id" = pc."positionId" AND p."code" = 'LEAD_TECH'
JOIN "CredentialType" t ON t."code" = 'EXCPT'
WHERE pc."anyOfGroup" = 1
  AND NOT EXISTS (
    SELECT 1 FROM "PositionCredential" o WHERE o."positionId" = pc."positionId" AND o."credentialTypeId" = t."id"
  );
