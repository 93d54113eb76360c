-- CreateTable
CREATE TABLE "SiteDataVersion" (
    "siteId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SiteDataVersion_pkey" PRIMARY KEY ("siteId")
);

