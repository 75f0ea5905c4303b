-- Alerts (issue 16): rules, the reducer's state per cluster, recipient prefs, and the sent history.

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertState" (
    "clusterId" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertState_pkey" PRIMARY KEY ("clusterId")
);

-- CreateTable
CREATE TABLE "AlertPrefs" (
    "kind" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "guildId" TEXT,
    "prefs" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertPrefs_pkey" PRIMARY KEY ("kind","id")
);

-- CreateTable
CREATE TABLE "AlertEvent" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "guildId" TEXT,
    "ruleId" TEXT,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "lines" JSONB NOT NULL,
    "fingerprints" JSONB NOT NULL,
    "actions" JSONB NOT NULL,
    "recipients" JSONB NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AlertRule_clusterId_idx" ON "AlertRule"("clusterId");

-- CreateIndex
CREATE INDEX "AlertRule_guildId_idx" ON "AlertRule"("guildId");

-- CreateIndex
CREATE INDEX "AlertEvent_clusterId_at_idx" ON "AlertEvent"("clusterId", "at");

-- CreateIndex
CREATE INDEX "AlertEvent_guildId_at_idx" ON "AlertEvent"("guildId", "at");

-- AddForeignKey
ALTER TABLE "AlertRule" ADD CONSTRAINT "AlertRule_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertState" ADD CONSTRAINT "AlertState_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
