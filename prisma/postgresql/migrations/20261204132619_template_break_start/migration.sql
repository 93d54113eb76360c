-- AlterTable
ALTER TABLE "ShiftTemplate" ADD COLUMN     "breakStartMinute" INTEGER;

