-- CreateEnum
CREATE TYPE "PharmacySetting" AS ENUM ('COMMUNITY', 'HOSPITAL');

-- AlterEnum
-- Before NONE, as prisma/postgresql/schema.prisma lists it (a bare ADD VALUE appends at the end).
ALTER TYPE "RatioClass" ADD VALUE 'INTERN' BEFORE 'NONE';

-- AlterTable
ALTER TABLE "Site" ADD COLUMN     "setting" "PharmacySetting" NOT NULL DEFAULT 'COMMUNITY';

