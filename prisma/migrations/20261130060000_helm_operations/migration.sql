-- Helm operations (issue 13): plans, then background runs, one running per release.

-- CreateTable
CREATE TABLE "HelmOperation" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "release" TEXT NOT NULL,
    "chartRef" TEXT,
    "chartVersion" TEXT,
    "fromLabel" TEXT,
    "toLabel" TEXT,
    "valuesSealed" TEXT,
    "valuesHash" TEXT NOT NULL DEFAULT '',
    "createNamespace" BOOLEAN NOT NULL DEFAULT false,
    "targetRevision" INTEGER,
    "output" TEXT NOT NULL DEFAULT '',
    "message" TEXT NOT NULL DEFAULT '',
    "revision" INTEGER,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HelmOperation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HelmOperation_clusterId_namespace_release_idx" ON "HelmOperation"("clusterId", "namespace", "release");

-- CreateIndex
CREATE INDEX "HelmOperation_status_expiresAt_idx" ON "HelmOperation"("status", "expiresAt");

-- One running operation per release: a second confirm fails on this index, atomically, in any process.
CREATE UNIQUE INDEX "HelmOperation_one_running_per_release" ON "HelmOperation"("clusterId", "namespace", "release") WHERE "status" = 'running';
