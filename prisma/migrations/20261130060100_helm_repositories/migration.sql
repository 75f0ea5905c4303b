-- Chart repositories per guild (issue 13, helm.repos.*): name unique per guild;
-- optional basic-auth credentials sealed like cluster credentials.

-- CreateTable
CREATE TABLE "HelmRepository" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "credential" TEXT,
    "keyId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HelmRepository_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "HelmRepository_guildId_name_key" ON "HelmRepository"("guildId", "name");

-- CreateIndex
CREATE INDEX "HelmRepository_keyId_idx" ON "HelmRepository"("keyId");
