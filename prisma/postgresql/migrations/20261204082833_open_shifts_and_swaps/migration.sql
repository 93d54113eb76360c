-- CreateEnum
CREATE TYPE "ClaimPolicy" AS ENUM ('FIRST_VALID', 'MANAGER_PICKS');

-- CreateEnum
CREATE TYPE "SwapApproval" AS ENUM ('AUTOMATIC', 'MANAGER');

-- CreateEnum
CREATE TYPE "OpenShiftOrigin" AS ENUM ('GAP', 'CALL_OUT', 'DROP');

-- CreateEnum
CREATE TYPE "OpenShiftStatus" AS ENUM ('OPEN', 'FILLED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "OfferMode" AS ENUM ('ALL', 'ONE_AT_A_TIME');

-- CreateEnum
CREATE TYPE "OfferStatus" AS ENUM ('WAITING', 'OFFERED', 'CLAIMED', 'TAKEN', 'DECLINED', 'EXPIRED', 'CLOSED');

-- CreateEnum
CREATE TYPE "ShiftRequestKind" AS ENUM ('GIVE', 'SWAP');

-- CreateEnum
CREATE TYPE "ShiftRequestStatus" AS ENUM ('PENDING_COLLEAGUE', 'PENDING_MANAGER', 'APPROVED', 'DECLINED', 'DENIED', 'CANCELLED');

-- AlterTable
ALTER TABLE "Site" ADD COLUMN     "claimPolicy" "ClaimPolicy" NOT NULL DEFAULT 'FIRST_VALID',
ADD COLUMN     "swapApproval" "SwapApproval" NOT NULL DEFAULT 'MANAGER';

-- CreateTable
CREATE TABLE "OpenShift" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "periodStart" TEXT NOT NULL,
    "shiftDate" TEXT NOT NULL,
    "templateId" INTEGER NOT NULL,
    "positionId" INTEGER NOT NULL,
    "origin" "OpenShiftOrigin" NOT NULL,
    "status" "OpenShiftStatus" NOT NULL DEFAULT 'OPEN',
    "offerMode" "OfferMode" NOT NULL DEFAULT 'ALL',
    "offerMinutes" INTEGER,
    "droppedById" INTEGER,
    "postedById" INTEGER,
    "note" TEXT,
    "filledById" INTEGER,
    "filledAt" TIMESTAMP(3),
    "resultScheduleId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OpenShift_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OpenShiftOffer" (
    "id" SERIAL NOT NULL,
    "openShiftId" INTEGER NOT NULL,
    "staffId" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "status" "OfferStatus" NOT NULL DEFAULT 'OFFERED',
    "offeredAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "claimedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OpenShiftOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShiftRequest" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "periodStart" TEXT NOT NULL,
    "kind" "ShiftRequestKind" NOT NULL,
    "status" "ShiftRequestStatus" NOT NULL DEFAULT 'PENDING_COLLEAGUE',
    "fromStaffId" INTEGER NOT NULL,
    "toStaffId" INTEGER NOT NULL,
    "shiftDate" TEXT NOT NULL,
    "templateId" INTEGER NOT NULL,
    "positionId" INTEGER NOT NULL,
    "swapShiftDate" TEXT,
    "swapTemplateId" INTEGER,
    "swapPositionId" INTEGER,
    "baseScheduleId" INTEGER NOT NULL,
    "note" TEXT,
    "outcome" TEXT,
    "decidedById" INTEGER,
    "decidedAt" TIMESTAMP(3),
    "resultScheduleId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShiftRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OpenShift_siteId_status_shiftDate_idx" ON "OpenShift"("siteId", "status", "shiftDate");

-- CreateIndex
CREATE INDEX "OpenShiftOffer_staffId_status_idx" ON "OpenShiftOffer"("staffId", "status");

-- CreateIndex
CREATE INDEX "OpenShiftOffer_status_expiresAt_idx" ON "OpenShiftOffer"("status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "OpenShiftOffer_openShiftId_staffId_key" ON "OpenShiftOffer"("openShiftId", "staffId");

-- CreateIndex
CREATE INDEX "ShiftRequest_fromStaffId_status_idx" ON "ShiftRequest"("fromStaffId", "status");

-- CreateIndex
CREATE INDEX "ShiftRequest_toStaffId_status_idx" ON "ShiftRequest"("toStaffId", "status");

-- CreateIndex
CREATE INDEX "ShiftRequest_siteId_status_idx" ON "ShiftRequest"("siteId", "status");

-- AddForeignKey
ALTER TABLE "OpenShift" ADD CONSTRAINT "OpenShift_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenShift" ADD CONSTRAINT "OpenShift_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "ShiftTemplate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenShift" ADD CONSTRAINT "OpenShift_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "Position"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenShift" ADD CONSTRAINT "OpenShift_droppedById_fkey" FOREIGN KEY ("droppedById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenShift" ADD CONSTRAINT "OpenShift_postedById_fkey" FOREIGN KEY ("postedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenShift" ADD CONSTRAINT "OpenShift_filledById_fkey" FOREIGN KEY ("filledById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenShiftOffer" ADD CONSTRAINT "OpenShiftOffer_openShiftId_fkey" FOREIGN KEY ("openShiftId") REFERENCES "OpenShift"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenShiftOffer" ADD CONSTRAINT "OpenShiftOffer_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShiftRequest" ADD CONSTRAINT "ShiftRequest_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShiftRequest" ADD CONSTRAINT "ShiftRequest_fromStaffId_fkey" FOREIGN KEY ("fromStaffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShiftRequest" ADD CONSTRAINT "ShiftRequest_toStaffId_fkey" FOREIGN KEY ("toStaffId") REFERENCES "Staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShiftRequest" ADD CONSTRAINT "ShiftRequest_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

