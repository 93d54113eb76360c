-- AlterTable
ALTER TABLE "SolveJob" ADD COLUMN "baseScheduleId" INTEGER;

-- CreateIndex
CREATE INDEX "SolveJob_status_id_idx" ON "SolveJob"("status", "id");
