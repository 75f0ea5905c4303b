-- The secrets vault (issue 18): secrets, their sealed versions and where they were applied.

-- CreateTable
CREATE TABLE "VaultSecret" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "currentVersion" INTEGER NOT NULL,
    "createdById" TEXT NOT NULL,
    "updatedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VaultSecret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VaultSecretVersion" (
    "id" TEXT NOT NULL,
    "secretId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "sealed" TEXT NOT NULL,
    "keys" TEXT[],
    "reason" TEXT NOT NULL,
    "note" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VaultSecretVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VaultSecretPlacement" (
    "id" TEXT NOT NULL,
    "secretId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL,
    "appliedById" TEXT NOT NULL,

    CONSTRAINT "VaultSecretPlacement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "VaultSecret_guildId_name_key" ON "VaultSecret"("guildId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "VaultSecretVersion_secretId_version_key" ON "VaultSecretVersion"("secretId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "VaultSecretPlacement_secretId_clusterId_namespace_key" ON "VaultSecretPlacement"("secretId", "clusterId", "namespace");

-- AddForeignKey
ALTER TABLE "VaultSecretVersion" ADD CONSTRAINT "VaultSecretVersion_secretId_fkey" FOREIGN KEY ("secretId") REFERENCES "VaultSecret"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VaultSecretPlacement" ADD CONSTRAINT "VaultSecretPlacement_secretId_fkey" FOREIGN KEY ("secretId") REFERENCES "VaultSecret"("id") ON DELETE CASCADE ON UPDATE CASCADE;
