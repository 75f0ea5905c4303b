-- Cost reads over weeks and months (issue 15): UsageHour summed per closed UTC day.

-- CreateTable
CREATE TABLE "UsageDay" (
    "clusterId" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "namespace" TEXT NOT NULL,
    "workload" TEXT NOT NULL,
    "attributionKey" TEXT NOT NULL,
    "personId" TEXT,
    "attribution" TEXT NOT NULL,
    "guildId" TEXT,
    "cpuCoreHours" DOUBLE PRECISION NOT NULL,
    "memGbHours" DOUBLE PRECISION NOT NULL,
    "storageGbHours" DOUBLE PRECISION NOT NULL,
    "cpuUsageCoreHours" DOUBLE PRECISION NOT NULL,
    "cpuRequestCoreHours" DOUBLE PRECISION NOT NULL,
    "memUsageGbHours" DOUBLE PRECISION NOT NULL,
    "memRequestGbHours" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "UsageDay_pkey" PRIMARY KEY ("clusterId","day","namespace","workload","attributionKey")
);

-- CreateTable
CREATE TABLE "UsageDayRollup" (
    "clusterId" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "rolledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageDayRollup_pkey" PRIMARY KEY ("clusterId","day")
);

-- CreateIndex
CREATE INDEX "UsageDay_clusterId_namespace_day_idx" ON "UsageDay"("clusterId", "namespace", "day");

-- CreateIndex
CREATE INDEX "UsageDay_clusterId_personId_day_idx" ON "UsageDay"("clusterId", "personId", "day");

-- AddForeignKey
ALTER TABLE "UsageDay" ADD CONSTRAINT "UsageDay_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageDayRollup" ADD CONSTRAINT "UsageDayRollup_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
