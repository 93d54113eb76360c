-- AlterTable
ALTER TABLE "Site" ADD COLUMN     "budgetCents" INTEGER,
ADD COLUMN     "budgetHard" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "budgetHours" INTEGER,
ADD COLUMN     "budgetLabourPercent" DOUBLE PRECISION,
ADD COLUMN     "revenuePerRxCents" INTEGER,
ADD COLUMN     "weightOverBudget" INTEGER NOT NULL DEFAULT 40;

-- CreateTable
CREATE TABLE "VolumeCount" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "hour" INTEGER,
    "queue" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VolumeCount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VolumeAdjustment" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "multiplier" DOUBLE PRECISION NOT NULL,
    "note" TEXT NOT NULL,

    CONSTRAINT "VolumeAdjustment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductivityStandard" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "positionId" INTEGER NOT NULL,
    "rxPerLabourHour" DOUBLE PRECISION,
    "minimumWhenOpen" INTEGER NOT NULL DEFAULT 0,
    "fixedTasks" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProductivityStandard_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VolumeCount_siteId_date_idx" ON "VolumeCount"("siteId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "VolumeAdjustment_siteId_date_key" ON "VolumeAdjustment"("siteId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "ProductivityStandard_siteId_positionId_key" ON "ProductivityStandard"("siteId", "positionId");

-- AddForeignKey
ALTER TABLE "VolumeCount" ADD CONSTRAINT "VolumeCount_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VolumeAdjustment" ADD CONSTRAINT "VolumeAdjustment_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductivityStandard" ADD CONSTRAINT "ProductivityStandard_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductivityStandard" ADD CONSTRAINT "ProductivityStandard_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "Position"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

