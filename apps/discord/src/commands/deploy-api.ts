import type {
  RolloutsActionOutput,
  RolloutsCanaryInput,
  RolloutsCanaryOutput,
  RolloutsCanaryPlan,
  RolloutsCanaryRef,
  RolloutsCanaryStatusOutput,
  RolloutsHistoryOutput,
  RolloutsPlanCanaryInput,
  RolloutsPlanUndoInput,
  RolloutsScaleInput,
  RolloutsStatusOutput,
  RolloutsUndoInput,
  RolloutsUndoPlan,
  RolloutTarget,
} from "@clustercord/contracts";
import type { ApiClient } from "../api-client";

/**
 * The rollouts.* procedures /deploy calls, typed by the shared contracts
 * (packages/contracts/src/rollouts.ts): one narrow interface the commands
 * and their watch loops share.
 */
export interface RolloutsApi {
  status(input: RolloutTarget): Promise<RolloutsStatusOutput>;
  history(input: RolloutTarget): Promise<RolloutsHistoryOutput>;
  pause(input: RolloutTarget): Promise<RolloutsActionOutput>;
  resume(input: RolloutTarget): Promise<RolloutsActionOutput>;
  restart(input: RolloutTarget): Promise<RolloutsActionOutput>;
  scale(input: RolloutsScaleInput): Promise<RolloutsActionOutput>;
  planUndo(input: RolloutsPlanUndoInput): Promise<RolloutsUndoPlan>;
  undo(input: RolloutsUndoInput): Promise<RolloutsActionOutput>;
  planCanary(input: RolloutsPlanCanaryInput): Promise<RolloutsCanaryPlan>;
  canary(input: RolloutsCanaryInput): Promise<RolloutsCanaryOutput>;
  canaryStatus(input: RolloutsCanaryRef): Promise<RolloutsCanaryStatusOutput>;
  promote(input: RolloutsCanaryRef): Promise<RolloutsCanaryOutput>;
  abort(input: RolloutsCanaryRef): Promise<RolloutsCanaryOutput>;
}

/** The typed tRPC calls behind RolloutsApi (queries read, mutations change). */
export function rolloutsApi(api: ApiClient): RolloutsApi {
  const r = api.rollouts;
  return {
    status: (input) => r.status.query(input),
    history: (input) => r.history.query(input),
    pause: (input) => r.pause.mutate(input),
    resume: (input) => r.resume.mutate(input),
    restart: (input) => r.restart.mutate(input),
    scale: (input) => r.scale.mutate(input),
    planUndo: (input) => r.planUndo.query(input),
    undo: (input) => r.undo.mutate(input),
    planCanary: (input) => r.planCanary.query(input),
    canary: (input) => r.canary.mutate(input),
    canaryStatus: (input) => r.canaryStatus.query(input),
    promote: (input) => r.promote.mutate(input),
    abort: (input) => r.abort.mutate(input),
  };
}
