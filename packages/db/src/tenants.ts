import { AppError } from "@clustercord/contracts";
import { Prisma, type PrismaClient } from "./generated/client";

/** A guild's place on a shared cluster, as stored. */
export interface TenantRow {
  clusterId: string;
  guildId: string;
  /** "invited" until an admin of that guild accepts; only "accepted" guilds see and use the cluster. */
  status: "invited" | "accepted";
  acceptedBy: string | null;
  acceptedAt: Date | null;
  requestsCpu: string;
  requestsMemory: string;
  pods: number;
  internetEgress: boolean;
  appliedAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

/** A pending invitation with what the invited guild may know of the cluster: its name and owner. */
export interface InvitationRow extends TenantRow {
  cluster: { name: string; guildId: string };
}

export type TenantSettings = Partial<
  Pick<TenantRow, "requestsCpu" | "requestsMemory" | "pods" | "internetEgress">
>;

const noSuchTenant = () =>
  new AppError("NOT_FOUND", { userMessage: "That server has no access to this cluster." });
const noSuchInvitation = () =>
  new AppError("NOT_FOUND", { userMessage: "This server has no pending invitation to that cluster." });

export async function listTenants(prisma: PrismaClient, clusterId: string): Promise<TenantRow[]> {
  return prisma.clusterTenant.findMany({ where: { clusterId }, orderBy: { createdAt: "asc" } });
}

export async function findTenant(
  prisma: PrismaClient,
  clusterId: string,
  guildId: string,
): Promise<TenantRow | null> {
  return prisma.clusterTenant.findUnique({ where: { clusterId_guildId: { clusterId, guildId } } });
}

/**
 * Invites another guild onto a shared cluster: nothing is visible to it or
 * applied for it until one of its admins accepts.
 */
export async function insertTenant(
  prisma: PrismaClient,
  data: { clusterId: string; guildId: string; createdBy: string },
): Promise<TenantRow> {
  try {
    return await prisma.clusterTenant.create({ data: { ...data, status: "invited" } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", {
        userMessage: "That server already has access to this cluster or an invitation to it.",
      });
    }
    throw error;
  }
}

/** A guild's pending invitations, oldest first. */
export async function listInvitations(prisma: PrismaClient, guildId: string): Promise<InvitationRow[]> {
  return prisma.clusterTenant.findMany({
    where: { guildId, status: "invited" },
    include: { cluster: { select: { name: true, guildId: true } } },
    orderBy: { createdAt: "asc" },
  });
}

/** Accepts a pending invitation (only one that is still "invited": two admins racing accept once). */
export async function acceptInvitation(
  prisma: PrismaClient,
  clusterId: string,
  guildId: string,
  acceptedBy: string,
): Promise<InvitationRow> {
  const { count } = await prisma.clusterTenant.updateMany({
    where: { clusterId, guildId, status: "invited" },
    data: { status: "accepted", acceptedBy, acceptedAt: new Date() },
  });
  if (count === 0) throw noSuchInvitation();
  return prisma.clusterTenant.findUniqueOrThrow({
    where: { clusterId_guildId: { clusterId, guildId } },
    include: { cluster: { select: { name: true, guildId: true } } },
  });
}

/** Declining deletes the invitation (an accepted place is left through leave, not here). */
export async function deleteInvitation(
  prisma: PrismaClient,
  clusterId: string,
  guildId: string,
): Promise<InvitationRow> {
  const invitation = await prisma.clusterTenant.findFirst({
    where: { clusterId, guildId, status: "invited" },
    include: { cluster: { select: { name: true, guildId: true } } },
  });
  if (!invitation) throw noSuchInvitation();
  const { count } = await prisma.clusterTenant.deleteMany({
    where: { clusterId, guildId, status: "invited" },
  });
  if (count === 0) throw noSuchInvitation();
  return invitation;
}

export async function updateTenant(
  prisma: PrismaClient,
  clusterId: string,
  guildId: string,
  settings: TenantSettings & { appliedAt?: Date },
): Promise<TenantRow> {
  try {
    return await prisma.clusterTenant.update({
      where: { clusterId_guildId: { clusterId, guildId } },
      data: settings,
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw noSuchTenant();
    throw error;
  }
}

export async function deleteTenant(prisma: PrismaClient, clusterId: string, guildId: string): Promise<void> {
  const { count } = await prisma.clusterTenant.deleteMany({ where: { clusterId, guildId } });
  if (count === 0) throw noSuchTenant();
}
