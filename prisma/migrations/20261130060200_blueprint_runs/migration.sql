-- Cluster blueprints (issue 13, guide feature 3): one row per planned and run preset.

-- CreateTable
CREATE TABLE "BlueprintRun" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "preset" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "answers" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "components" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BlueprintRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BlueprintRun_clusterId_status_idx" ON "BlueprintRun"("clusterId", "status");
