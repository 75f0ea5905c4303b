-- Cost and usage (issue 15, guide features 5 and 15): sampler passes (48 h), hourly rollups
-- (400 days), node capacity per hour, metrics gaps, prices over time, budgets and their alerts.

-- CreateTable
CREATE TABLE "UsageSample" (
    "clusterId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "namespace" TEXT NOT NULL,
    "workload" TEXT NOT NULL,
    "personId" TEXT,
    "attribution" TEXT NOT NULL,
    "guildId" TEXT,
    "pods" INTEGER NOT NULL,
    "cpuUsageCores" DOUBLE PRECISION NOT NULL,
    "cpuRequestCores" DOUBLE PRECISION NOT NULL,
    "memUsageGb" DOUBLE PRECISION NOT NULL,
    "memRequestGb" DOUBLE PRECISION NOT NULL,
    "storageGb" DOUBLE PRECISION NOT NULL,
    "seconds" INTEGER NOT NULL,

    CONSTRAINT "UsageSample_pkey" PRIMARY KEY ("clusterId","at","namespace","workload")
);

-- CreateTable
CREATE TABLE "UsageHour" (
    "clusterId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "namespace" TEXT NOT NULL,
    "workload" TEXT NOT NULL,
    "personId" TEXT,
    "attribution" TEXT NOT NULL,
    "guildId" TEXT,
    "pods" INTEGER NOT NULL,
    "cpuCoreHours" DOUBLE PRECISION NOT NULL,
    "memGbHours" DOUBLE PRECISION NOT NULL,
    "storageGbHours" DOUBLE PRECISION NOT NULL,
    "cpuUsageCoreHours" DOUBLE PRECISION NOT NULL,
    "cpuRequestCoreHours" DOUBLE PRECISION NOT NULL,
    "memUsageGbHours" DOUBLE PRECISION NOT NULL,
    "memRequestGbHours" DOUBLE PRECISION NOT NULL,
    "sampledSeconds" INTEGER NOT NULL,

    CONSTRAINT "UsageHour_pkey" PRIMARY KEY ("clusterId","hour","namespace","workload")
);

-- CreateTable
CREATE TABLE "ClusterHour" (
    "clusterId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "nodes" INTEGER NOT NULL,
    "cpuCapacityCoreHours" DOUBLE PRECISION NOT NULL,
    "memCapacityGbHours" DOUBLE PRECISION NOT NULL,
    "cpuAllocatedCoreHours" DOUBLE PRECISION NOT NULL,
    "memAllocatedGbHours" DOUBLE PRECISION NOT NULL,
    "sampledSeconds" INTEGER NOT NULL,

    CONSTRAINT "ClusterHour_pkey" PRIMARY KEY ("clusterId","hour")
);

-- CreateTable
CREATE TABLE "UsageGap" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "from" TIMESTAMP(3) NOT NULL,
    "to" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "UsageGap_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CostPrice" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "cpuPerCoreHour" DOUBLE PRECISION NOT NULL,
    "memoryPerGbHour" DOUBLE PRECISION NOT NULL,
    "storagePerGbMonth" DOUBLE PRECISION NOT NULL,
    "currency" TEXT NOT NULL,
    "setBy" TEXT NOT NULL,

    CONSTRAINT "CostPrice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CostSettings" (
    "clusterId" TEXT NOT NULL,
    "opencostUrl" TEXT,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CostSettings_pkey" PRIMARY KEY ("clusterId")
);

-- CreateTable
CREATE TABLE "CostBudget" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "scopeKind" TEXT NOT NULL,
    "scopeValue" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CostBudget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BudgetAlert" (
    "budgetId" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BudgetAlert_pkey" PRIMARY KEY ("budgetId","periodStart","kind")
);

-- CreateIndex
CREATE INDEX "UsageSample_at_idx" ON "UsageSample"("at");

-- CreateIndex
CREATE INDEX "UsageHour_clusterId_namespace_hour_idx" ON "UsageHour"("clusterId", "namespace", "hour");

-- CreateIndex
CREATE INDEX "UsageHour_clusterId_personId_hour_idx" ON "UsageHour"("clusterId", "personId", "hour");

-- CreateIndex
CREATE INDEX "UsageGap_clusterId_from_idx" ON "UsageGap"("clusterId", "from");

-- CreateIndex
CREATE INDEX "CostPrice_clusterId_effectiveFrom_idx" ON "CostPrice"("clusterId", "effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "CostBudget_clusterId_guildId_scopeKind_scopeValue_period_key" ON "CostBudget"("clusterId", "guildId", "scopeKind", "scopeValue", "period");

-- AddForeignKey
ALTER TABLE "UsageSample" ADD CONSTRAINT "UsageSample_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageHour" ADD CONSTRAINT "UsageHour_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClusterHour" ADD CONSTRAINT "ClusterHour_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageGap" ADD CONSTRAINT "UsageGap_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CostPrice" ADD CONSTRAINT "CostPrice_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CostSettings" ADD CONSTRAINT "CostSettings_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CostBudget" ADD CONSTRAINT "CostBudget_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BudgetAlert" ADD CONSTRAINT "BudgetAlert_budgetId_fkey" FOREIGN KEY ("budgetId") REFERENCES "CostBudget"("id") ON DELETE CASCADE ON UPDATE CASCADE;

