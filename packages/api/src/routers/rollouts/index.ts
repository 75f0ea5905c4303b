import { router } from "../../trpc";
import { abortCanaryProcedure } from "./abort-canary";
import { getCanaryProcedure } from "./get-canary";
import { getStatusProcedure } from "./get-status";
import { listHistoryProcedure } from "./list-history";
import { pauseRolloutProcedure } from "./pause-rollout";
import { planCanaryProcedure } from "./plan-canary";
import { planUndoProcedure } from "./plan-undo";
import { promoteCanaryProcedure } from "./promote-canary";
import { restartRolloutProcedure } from "./restart-rollout";
import { resumeRolloutProcedure } from "./resume-rollout";
import { scaleRolloutProcedure } from "./scale-rollout";
import { startCanaryProcedure } from "./start-canary";
import { undoRolloutProcedure } from "./undo-rollout";

/** Rollouts of Deployments, StatefulSets and DaemonSets, and canary releases (guide feature 6). */
export const rolloutsRouter = router({
  status: getStatusProcedure,
  history: listHistoryProcedure,
  pause: pauseRolloutProcedure,
  resume: resumeRolloutProcedure,
  restart: restartRolloutProcedure,
  scale: scaleRolloutProcedure,
  planUndo: planUndoProcedure,
  undo: undoRolloutProcedure,
  planCanary: planCanaryProcedure,
  canary: startCanaryProcedure,
  canaryStatus: getCanaryProcedure,
  promote: promoteCanaryProcedure,
  abort: abortCanaryProcedure,
});
