-- Apply plans (issue 14): the exact objects of a YAML batch or a policy fix, sealed, applied at most once.

-- CreateTable
CREATE TABLE "ApplyPlan" (
    "id" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "objectsSealed" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ApplyPlan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApplyPlan_status_expiresAt_idx" ON "ApplyPlan"("status", "expiresAt");
