// Pod summaries are Kubernetes facts and live in @clustercord/kube (resources/pod-summary);
// re-exported here for the modules that still import them from this path.
export { describePod, type PodLike, podStatus, statusTone, summarizePod } from "@clustercord/kube";
