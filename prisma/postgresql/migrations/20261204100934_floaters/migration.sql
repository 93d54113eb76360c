-- AlterTable
ALTER TABLE "Site" ADD COLUMN     "district" TEXT;

-- AlterTable
ALTER TABLE "SolveJob" ADD COLUMN     "district" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "StaffSite" (
    "staffId" INTEGER NOT NULL,
    "siteId" INTEGER NOT NULL,

    CONSTRAINT "StaffSite_pkey" PRIMARY KEY ("staffId","siteId")
);

-- CreateIndex
CREATE INDEX "StaffSite_siteId_idx" ON "StaffSite"("siteId");

-- AddForeignKey
ALTER TABLE "StaffSite" ADD CONSTRAINT "StaffSite_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffSite" ADD CONSTRAINT "StaffSite_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

