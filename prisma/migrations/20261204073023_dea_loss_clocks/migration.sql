-- AlterTable
ALTER TABLE "VendorReturn" ADD COLUMN "dea106FiledOn" TEXT;
ALTER TABLE "VendorReturn" ADD COLUMN "deaNoticeSentOn" TEXT;
ALTER TABLE "VendorReturn" ADD COLUMN "lossDiscoveredOn" TEXT;
