-- AlterTable
ALTER TABLE "ProductivityStandard" ADD COLUMN     "queue" TEXT NOT NULL DEFAULT '';

