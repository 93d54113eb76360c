-- AlterTable
ALTER TABLE "SolveJob" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "workerId" TEXT;

-- CreateIndex
CREATE INDEX "SolveJob_status_siteId_idx" ON "SolveJob"("status", "siteId");

