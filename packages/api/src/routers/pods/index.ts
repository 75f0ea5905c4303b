import { router } from "../../trpc";
import { listPodsProcedure } from "./list-pods";

export const podsRouter = router({
  list: listPodsProcedure,
});
