import { router } from "../../trpc";
import { listRolesProcedure } from "./list-roles";
import { setRoleProcedure } from "./set-role";

export const rolesRouter = router({ list: listRolesProcedure, set: setRoleProcedure });
