-- Canary releases (issue 17): one row per canary, at most one running per Deployment (runningKey).

-- CreateTable
CREATE TABLE "Canary" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "deployment" TEXT NOT NULL,
    "canaryDeployment" TEXT NOT NULL,
    "image" TEXT NOT NULL,
    "stableImage" TEXT NOT NULL,
    "percentage" INTEGER NOT NULL,
    "traffic" TEXT NOT NULL,
    "httpRoute" TEXT,
    "service" TEXT,
    "stableReplicas" INTEGER NOT NULL,
    "canaryReplicas" INTEGER NOT NULL,
    "phase" TEXT NOT NULL,
    "reason" TEXT,
    "startedById" TEXT NOT NULL,
    "startedVia" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "analysisEndsAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "checks" JSONB NOT NULL DEFAULT '[]',
    "runningKey" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Canary_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Canary_runningKey_key" ON "Canary"("runningKey");

-- CreateIndex
CREATE INDEX "Canary_clusterId_namespace_deployment_startedAt_idx" ON "Canary"("clusterId", "namespace", "deployment", "startedAt");

-- CreateIndex
CREATE INDEX "Canary_phase_idx" ON "Canary"("phase");

-- AddForeignKey
ALTER TABLE "Canary" ADD CONSTRAINT "Canary_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

