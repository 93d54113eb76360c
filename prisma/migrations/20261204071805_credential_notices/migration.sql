-- CreateTable
CREATE TABLE "CredentialNotice" (
    "credentialId" INTEGER NOT NULL,
    "expiresOn" TEXT NOT NULL,
    "stage" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("credentialId", "expiresOn", "stage"),
    CONSTRAINT "CredentialNotice_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
