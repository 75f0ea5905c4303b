/**
 * Broken pods on the simulated cluster. kwok's pods never fail, but kwok
 * leaves a pod that has an IP alone, so a failure is written into the pod's
 * status the way a kubelet reports it, and stays until the pod is replaced.
 */

type Kubectl = (args: string[], input?: string) => Promise<string>;

export interface RunningPod {
  metadata: { name: string; uid: string };
  spec: { nodeName?: string };
  status?: { podIP?: string; startTime?: string };
}

/** The first pod matching `selector` that kwok has started (it has an IP), waiting up to `timeoutMs`. */
export async function waitForRunningPod(
  kubectl: Kubectl,
  namespace: string,
  selector: string,
  timeoutMs = 60_000,
): Promise<RunningPod> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = JSON.parse(
      await kubectl(["get", "pods", "-n", namespace, "-l", selector, "-o", "json"]),
    ) as { items: RunningPod[] };
    const pod = list.items.find((p) => p.status?.podIP);
    if (pod) return pod;
    if (Date.now() > deadline)
      throw new Error(`no running pod for ${selector} in ${namespace} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export interface CrashLoop {
  container: string;
  image: string;
  exitCode: number;
  /** The last run's termination reason: "OOMKilled", "Error", … */
  reason: string;
  restarts: number;
}

/** What a kubelet reports for a container in a crash loop whose last run ended with `exitCode`. */
export async function simulateCrashLoop(
  kubectl: Kubectl,
  namespace: string,
  pod: RunningPod,
  crash: CrashLoop,
): Promise<void> {
  const at = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const status = {
    phase: "Running",
    conditions: [
      { type: "Ready", status: "False", reason: "ContainersNotReady", lastTransitionTime: at },
      { type: "PodScheduled", status: "True", lastTransitionTime: pod.status?.startTime ?? at },
    ],
    containerStatuses: [
      {
        name: crash.container,
        image: crash.image,
        imageID: "",
        ready: false,
        started: false,
        restartCount: crash.restarts,
        state: {
          waiting: {
            reason: "CrashLoopBackOff",
            message: `back-off 40s restarting failed container=${crash.container}`,
          },
        },
        lastState: {
          terminated: { exitCode: crash.exitCode, reason: crash.reason, startedAt: at, finishedAt: at },
        },
      },
    ],
  };
  await kubectl([
    "patch",
    "pod",
    pod.metadata.name,
    "-n",
    namespace,
    "--subresource=status",
    "--type=merge",
    "-p",
    JSON.stringify({ status }),
  ]);
}
