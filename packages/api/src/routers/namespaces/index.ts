import { router } from "../../trpc";
import { listNamespacesProcedure } from "./list-namespaces";

export const namespacesRouter = router({ list: listNamespacesProcedure });
