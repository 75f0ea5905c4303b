import { router } from "../../trpc";
import { listAuditEntries } from "./list-audit";

export const auditRouter = router({ list: listAuditEntries });
