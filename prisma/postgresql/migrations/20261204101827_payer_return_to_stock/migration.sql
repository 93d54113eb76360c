-- CreateTable
CREATE TABLE "Payer" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "bin" TEXT NOT NULL,
    "pcn" TEXT NOT NULL DEFAULT '',
    "returnToStockDays" INTEGER NOT NULL,
    "businessDays" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Payer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Payer_siteId_bin_pcn_key" ON "Payer"("siteId", "bin", "pcn");

-- AddForeignKey
ALTER TABLE "Payer" ADD CONSTRAINT "Payer_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

