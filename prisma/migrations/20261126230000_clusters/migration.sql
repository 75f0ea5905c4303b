-- CreateTable
CREATE TABLE "Cluster" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "server" TEXT NOT NULL,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "insecure" BOOLEAN NOT NULL DEFAULT false,
    "credential" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Cluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClusterGrant" (
    "clusterId" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClusterGrant_pkey" PRIMARY KEY ("clusterId","guildId")
);

-- CreateIndex
CREATE INDEX "Cluster_keyId_idx" ON "Cluster"("keyId");

-- CreateIndex
CREATE UNIQUE INDEX "Cluster_guildId_name_key" ON "Cluster"("guildId", "name");

-- CreateIndex
CREATE INDEX "ClusterGrant_guildId_idx" ON "ClusterGrant"("guildId");

-- AddForeignKey
ALTER TABLE "ClusterGrant" ADD CONSTRAINT "ClusterGrant_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

