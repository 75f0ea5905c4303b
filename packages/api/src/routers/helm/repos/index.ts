import { router } from "../../../trpc";
import { addRepoProcedure } from "./add-repo";
import { listReposProcedure } from "./list-repos";
import { removeRepoProcedure } from "./remove-repo";

export const helmReposRouter = router({
  list: listReposProcedure,
  add: addRepoProcedure,
  remove: removeRepoProcedure,
});
