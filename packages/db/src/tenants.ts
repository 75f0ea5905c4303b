import { AppError } from "@clustercord/contracts";
import { Prisma, type PrismaClient } from "./generated/client";

/** A guild's place on a shared cluster, as stored. */
export interface TenantRow {
  clusterId: string;
  guildId: string;
  requestsCpu: string;
  requestsMemory: string;
  pods: number;
  internetEgress: boolean;
  appliedAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

export type TenantSettings = Partial<
  Pick<TenantRow, "requestsCpu" | "requestsMemory" | "pods" | "internetEgress">
>;

const noSuchTenant = () =>
  new AppError("NOT_FOUND", { userMessage: "That server has no access to this cluster." });

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

/** Gives another guild a place on a shared cluster; its namespace is applied on its first use. */
export async function insertTenant(
  prisma: PrismaClient,
  data: { clusterId: string; guildId: string; createdBy: string },
): Promise<TenantRow> {
  try {
    return await prisma.clusterTenant.create({ data });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", { userMessage: "That server already has access to this cluster." });
    }
    throw error;
  }
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
