-- Cluster snapshots (issue 18): the index of sealed archives in the blob store, and their schedules.

-- CreateTable
CREATE TABLE "Snapshot" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "scope" TEXT NOT NULL,
    "namespaces" JSONB NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL,
    "progressObjects" INTEGER NOT NULL DEFAULT 0,
    "progressKindsDone" INTEGER NOT NULL DEFAULT 0,
    "progressKinds" INTEGER NOT NULL DEFAULT 0,
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "kubernetesVersion" TEXT NOT NULL DEFAULT '',
    "blobKey" TEXT NOT NULL,
    "sealedHeader" TEXT,
    "secretsKey" TEXT,
    "keyId" TEXT,
    "contents" JSONB,
    "error" TEXT,
    "createdById" TEXT NOT NULL,
    "createdVia" TEXT NOT NULL DEFAULT 'web',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "scheduleId" TEXT,

    CONSTRAINT "Snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SnapshotSchedule" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "every" TEXT NOT NULL,
    "keep" INTEGER NOT NULL,
    "scope" TEXT NOT NULL,
    "namespaces" JSONB NOT NULL DEFAULT '[]',
    "description" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nextRunAt" TIMESTAMP(3) NOT NULL,
    "lastRunAt" TIMESTAMP(3),

    CONSTRAINT "SnapshotSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Snapshot_guildId_createdAt_idx" ON "Snapshot"("guildId", "createdAt");

-- CreateIndex
CREATE INDEX "Snapshot_scheduleId_createdAt_idx" ON "Snapshot"("scheduleId", "createdAt");

-- CreateIndex
CREATE INDEX "Snapshot_keyId_idx" ON "Snapshot"("keyId");

-- CreateIndex
CREATE INDEX "SnapshotSchedule_guildId_idx" ON "SnapshotSchedule"("guildId");

-- CreateIndex
CREATE INDEX "SnapshotSchedule_nextRunAt_idx" ON "SnapshotSchedule"("nextRunAt");

-- AddForeignKey
ALTER TABLE "Snapshot" ADD CONSTRAINT "Snapshot_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SnapshotSchedule" ADD CONSTRAINT "SnapshotSchedule_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
