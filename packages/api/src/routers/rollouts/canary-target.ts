/** A canary's audit target: the Deployment it is of. */
export const canaryAuditTarget = (input: unknown) => {
  const { clusterId, namespace, deployment } = input as {
    clusterId?: string;
    namespace?: string;
    deployment?: string;
  };
  return `cluster/${clusterId ?? "?"}/namespace/${namespace ?? "?"}/deployment/${deployment ?? "?"}`;
};
