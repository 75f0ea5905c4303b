-- ClusterGrant becomes ClusterTenant: every guild on a shared cluster (the
-- owner too) with its namespace settings. Existing rows are carried over.

-- CreateTable
CREATE TABLE "ClusterTenant" (
    "clusterId" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "requestsCpu" TEXT NOT NULL DEFAULT '4',
    "requestsMemory" TEXT NOT NULL DEFAULT '8Gi',
    "pods" INTEGER NOT NULL DEFAULT 50,
    "internetEgress" BOOLEAN NOT NULL DEFAULT true,
    "appliedAt" TIMESTAMP(3),
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClusterTenant_pkey" PRIMARY KEY ("clusterId","guildId")
);

-- Owners of shared clusters: their namespace was applied when they added it.
INSERT INTO "ClusterTenant" ("clusterId", "guildId", "appliedAt", "createdBy", "createdAt", "updatedAt")
SELECT "id", "guildId", "createdAt", "createdBy", "createdAt", CURRENT_TIMESTAMP FROM "Cluster" WHERE "shared";

-- Granted guilds: their namespace is applied on first access.
INSERT INTO "ClusterTenant" ("clusterId", "guildId", "createdBy", "createdAt", "updatedAt")
SELECT "clusterId", "guildId", "createdBy", "createdAt", CURRENT_TIMESTAMP FROM "ClusterGrant"
ON CONFLICT DO NOTHING;

-- DropForeignKey
ALTER TABLE "ClusterGrant" DROP CONSTRAINT "ClusterGrant_clusterId_fkey";

-- DropTable
DROP TABLE "ClusterGrant";

-- CreateIndex
CREATE INDEX "ClusterTenant_guildId_idx" ON "ClusterTenant"("guildId");

-- AddForeignKey
ALTER TABLE "ClusterTenant" ADD CONSTRAINT "ClusterTenant_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
