-- Diagnostics findings history (issue 16): one row per (cluster, fingerprint), episodes counted.

-- CreateTable
CREATE TABLE "DiagnosticFinding" (
    "clusterId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "findingId" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "targetKind" TEXT NOT NULL,
    "targetNamespace" TEXT NOT NULL,
    "targetName" TEXT NOT NULL,
    "firstSeen" TIMESTAMP(3) NOT NULL,
    "lastSeen" TIMESTAMP(3) NOT NULL,
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "openSince" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "resolvedAfter" TIMESTAMP(3),

    CONSTRAINT "DiagnosticFinding_pkey" PRIMARY KEY ("clusterId","fingerprint")
);

-- CreateIndex
CREATE INDEX "DiagnosticFinding_target_idx" ON "DiagnosticFinding"("clusterId", "targetNamespace", "targetKind", "targetName");

-- AddForeignKey
ALTER TABLE "DiagnosticFinding" ADD CONSTRAINT "DiagnosticFinding_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
