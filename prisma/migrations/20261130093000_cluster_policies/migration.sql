-- Cluster policies (issue 14, guide feature 14): what ClusterCord enforces per cluster, the
-- background audit's violations and its last pass.

-- CreateTable
CREATE TABLE "ClusterPolicy" (
    "clusterId" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "scope" JSONB NOT NULL,
    "exclusions" JSONB NOT NULL,
    "enabledBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClusterPolicy_pkey" PRIMARY KEY ("clusterId","policy")
);

-- CreateTable
CREATE TABLE "PolicyViolation" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "uid" TEXT,
    "container" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "fixAvailable" BOOLEAN NOT NULL DEFAULT false,
    "firstSeen" TIMESTAMP(3) NOT NULL,
    "lastSeen" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "PolicyViolation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyAuditRun" (
    "clusterId" TEXT NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "objects" INTEGER NOT NULL,
    "open" INTEGER NOT NULL,

    CONSTRAINT "PolicyAuditRun_pkey" PRIMARY KEY ("clusterId")
);

-- CreateIndex
CREATE UNIQUE INDEX "PolicyViolation_identity_key" ON "PolicyViolation"("clusterId", "policy", "namespace", "kind", "name", "container");

-- CreateIndex
CREATE INDEX "PolicyViolation_clusterId_resolvedAt_idx" ON "PolicyViolation"("clusterId", "resolvedAt");

-- AddForeignKey
ALTER TABLE "ClusterPolicy" ADD CONSTRAINT "ClusterPolicy_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyViolation" ADD CONSTRAINT "PolicyViolation_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyAuditRun" ADD CONSTRAINT "PolicyAuditRun_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
