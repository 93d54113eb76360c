-- AlterEnum
ALTER TYPE "ReturnReason" ADD VALUE 'THEFT_OR_LOSS';

-- AlterTable
ALTER TABLE "PositionCredential" ADD COLUMN     "anyOfGroup" INTEGER,
ADD COLUMN     "siteStateOnly" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Credential" ADD COLUMN     "issuingState" TEXT;

-- AlterTable
ALTER TABLE "VendorReturn" ADD COLUMN     "dea106FiledOn" TEXT,
ADD COLUMN     "deaNoticeSentOn" TEXT,
ADD COLUMN     "lossDiscoveredOn" TEXT;


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
