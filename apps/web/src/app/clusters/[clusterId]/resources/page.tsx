import { redirect } from "next/navigation";

/** The resource browser opens on deployments (pods have their own live page). */
export default async function ResourcesIndex({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  redirect(`/clusters/${encodeURIComponent(clusterId)}/resources/deployments`);
}
