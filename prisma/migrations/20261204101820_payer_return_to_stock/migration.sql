-- CreateTable
CREATE TABLE "Payer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "bin" TEXT NOT NULL,
    "pcn" TEXT NOT NULL DEFAULT '',
    "returnToStockDays" INTEGER NOT NULL,
    "businessDays" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Payer_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Payer_siteId_bin_pcn_key" ON "Payer"("siteId", "bin", "pcn");
