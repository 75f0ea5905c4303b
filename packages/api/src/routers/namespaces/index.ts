import { router } from "../../trpc";
import { createPersonalNamespaceProcedure } from "./create-personal-namespace";
import { listNamespacesProcedure } from "./list-namespaces";

export const namespacesRouter = router({
  list: listNamespacesProcedure,
  createPersonal: createPersonalNamespaceProcedure,
});
