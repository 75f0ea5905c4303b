import { router } from "../../trpc";
import { getResourceProcedure } from "./get-resource";
import { listKindsProcedure } from "./list-kinds";
import { listResourcesProcedure } from "./list-resources";

export const resourcesRouter = router({
  kinds: listKindsProcedure,
  list: listResourcesProcedure,
  get: getResourceProcedure,
});
