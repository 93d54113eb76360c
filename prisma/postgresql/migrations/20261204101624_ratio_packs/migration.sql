-- CreateEnum
CREATE TYPE "PharmacySetting" AS ENUM ('COMMUNITY', 'HOSPITAL');

-- AlterEnum
ALTER TYPE "RatioClass" ADD VALUE 'INTERN';

-- AlterTable
ALTER TABLE "Site" ADD COLUMN     "setting" "PharmacySetting" NOT NULL DEFAULT 'COMMUNITY';

