-- A grant becomes an invitation that an admin of the receiving guild accepts
-- (issue 10 item 9). Only "accepted" tenants see and use a shared cluster.
--
-- Existing rows are migrated as ACCEPTED: they are owners' own places and
-- grants made before invitations existed, which their guilds were already
-- using (namespaces and RoleBindings may be applied). Turning them into
-- invitations would cut those guilds off without notice. So the column is
-- added with DEFAULT 'accepted' (filling every existing row), then the
-- default becomes 'invited' for every grant from now on. acceptedBy and
-- acceptedAt stay NULL on migrated rows: nobody recorded that consent.

-- CreateEnum
CREATE TYPE "TenantStatus" AS ENUM ('invited', 'accepted');

-- AlterTable
ALTER TABLE "ClusterTenant" ADD COLUMN     "acceptedAt" TIMESTAMP(3),
ADD COLUMN     "acceptedBy" TEXT,
ADD COLUMN     "status" "TenantStatus" NOT NULL DEFAULT 'accepted';

ALTER TABLE "ClusterTenant" ALTER COLUMN "status" SET DEFAULT 'invited';
