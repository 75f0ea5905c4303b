import type { Finding } from "@clustercord/contracts";
import type { AlertRuleType } from "./rules";

/** The object a condition is about. `owner` is the workload that owns it (a pod's Deployment), when known. */
export interface AlertResource {
  cluster: string;
  kind: string;
  namespace: string | null;
  name: string;
  owner?: { kind: string; name: string } | null;
}

/** One pod in a usage alert's "top pods". */
export interface TopPod {
  namespace: string;
  name: string;
  percent: number;
}

/** What the watch caches and metrics know about a condition; each field is shown when present. */
export interface AlertDetails {
  container?: string;
  reason?: string;
  exitCode?: number;
  restartCount?: number;
  /** The last log lines of the failing container, oldest first. */
  logLines?: string[];
  image?: string;
  /** The pull error as the kubelet reported it. */
  error?: string;
  /** Free text: a node condition's message, a job's failure message, a budget's sentence. */
  message?: string;
  /** Usage rules: the observed percent of the limit and the pods using the most. */
  percent?: number;
  topPods?: TopPod[];
}

/** Conditions the watch caches report firing or cleared (usage and findings come in their own inputs). */
export type ConditionType = Exclude<AlertRuleType, "high-cpu" | "high-memory" | "finding">;

/** What a mute silences: every alert of a rule, one group (a workload's pods), or one (rule, resource). */
export type MuteTarget = { ruleId: string } | { group: string } | { fingerprint: string };

/**
 * One input to the reducer. Observations carry no rule: the reducer finds the rules whose type and
 * scope match, so the jobs runner only forwards what its caches and the metrics sampler see.
 */
export type AlertInput =
  | {
      type: "condition";
      condition: ConditionType;
      state: "firing" | "cleared";
      resource: AlertResource;
      details?: AlertDetails;
    }
  | {
      /** A metrics sample: usage as a percent of the limit (or of the node's capacity). */
      type: "usage";
      metric: "cpu" | "memory";
      resource: AlertResource;
      percent: number;
      topPods?: TopPod[];
    }
  | {
      /** A diagnostics finding that appeared (firing) or is gone (cleared) on its target. */
      type: "finding";
      state: "firing" | "cleared";
      cluster: string;
      finding: Finding;
      owner?: { kind: string; name: string } | null;
    }
  | { type: "mute"; target: MuteTarget; durationMs: number }
  | { type: "unmute"; target: MuteTarget }
  /** Nothing new: time passed (releases held alerts, sends throttled groups and due digests). */
  | { type: "tick" };
