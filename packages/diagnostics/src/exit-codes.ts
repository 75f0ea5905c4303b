/** What a container's exit code usually means; `slug` ends the finding id (pod.crash-loop.<slug>, pod.failed.<slug>). */
export interface ExitMeaning {
  slug: string;
  meaning: string;
  recommendations: string[];
}

const logs =
  "Read the previous run's log (`kubectl logs --previous`) for the error the program printed before exiting.";

const meanings: Record<number, ExitMeaning> = {
  1: {
    slug: "app-error",
    meaning:
      "exit code 1: the program stopped on an error of its own (bad configuration, failed connection, uncaught exception)",
    recommendations: [
      logs,
      "Check the configuration and the services it connects to at start-up (env, ConfigMaps, DNS names).",
    ],
  },
  126: {
    slug: "not-executable",
    meaning:
      "exit code 126: the command was found but could not be executed (no execute permission, wrong architecture, a directory)",
    recommendations: [
      "Check the entrypoint's file mode (chmod +x) and that the image is built for the node's architecture.",
      "Check `command`/`args` in the pod spec against the image.",
    ],
  },
  127: {
    slug: "command-not-found",
    meaning:
      "exit code 127: the command was not found in the image (a typo in `command`, or a binary missing from the image)",
    recommendations: [
      "Check `command`/`args` in the pod spec; with a shell form, check that the image has that shell.",
      "Run the image locally and look for the binary (`docker run --entrypoint sh <image>`).",
    ],
  },
  137: {
    slug: "killed",
    meaning:
      "exit code 137: the process was killed with SIGKILL (a failed liveness probe, a forced stop after the grace period, or the kernel)",
    recommendations: [
      "Look at the pod's events for failing liveness probes (Unhealthy, Killing).",
      "If the node ran out of memory, the kernel may have chosen this process: compare usage with the node's capacity.",
    ],
  },
  139: {
    slug: "segfault",
    meaning:
      "exit code 139: the program crashed with a segmentation fault (SIGSEGV): a bug in native code or a library built for another platform",
    recommendations: [
      logs,
      "Check native dependencies against the base image (glibc vs musl) and the node's architecture.",
    ],
  },
  143: {
    slug: "terminated",
    meaning:
      "exit code 143: the process stopped on SIGTERM: something asked it to stop (a liveness probe failure, a rollout, or its own shutdown path)",
    recommendations: [
      "Look at the pod's events for Killing / Unhealthy: a liveness probe that fails restarts the container.",
      "If the program exits on SIGTERM by design at start-up, check its supervisor or entrypoint script.",
    ],
  },
};

export function exitMeaning(code: number | undefined, signal?: number): ExitMeaning {
  const known = code === undefined ? undefined : meanings[code];
  if (known) return known;
  if (code === undefined || code === 0) {
    return {
      slug: "exited",
      meaning:
        code === 0
          ? "exit code 0: the program finished successfully, but a restartPolicy of Always starts it again (a one-shot task in a Deployment?)"
          : "the container keeps stopping",
      recommendations: [code === 0 ? "Run one-shot work as a Job, or make the program keep running." : logs],
    };
  }
  const bySignal = code > 128 && code < 160 ? ` (signal ${code - 128})` : signal ? ` (signal ${signal})` : "";
  return {
    slug: "exit-code",
    meaning: `exit code ${code}${bySignal}: the program exited with an error`,
    recommendations: [logs],
  };
}
