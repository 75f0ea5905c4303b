import { router } from "../../trpc";
import { createRuleProcedure } from "./create-rule";
import { deleteRuleProcedure } from "./delete-rule";
import { getConfigProcedure } from "./get-config";
import { eventProcedure } from "./get-event";
import { historyProcedure } from "./list-history";
import { listRulesProcedure } from "./list-rules";
import { muteProcedure } from "./mute-alerts";
import { configProcedure } from "./set-config";
import { unmuteProcedure } from "./unmute-alerts";

export const alertsRouter = router({
  rules: router({
    list: listRulesProcedure,
    create: createRuleProcedure,
    delete: deleteRuleProcedure,
  }),
  mute: muteProcedure,
  unmute: unmuteProcedure,
  config: configProcedure,
  getConfig: getConfigProcedure,
  history: historyProcedure,
  event: eventProcedure,
});
