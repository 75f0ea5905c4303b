import { router } from "../../trpc";
import { confirmEmailProcedure } from "./confirm-email";
import { countUnreadProcedure } from "./count-unread";
import { getPreferencesProcedure } from "./get-preferences";
import { listNotificationsProcedure } from "./list-notifications";
import { markReadProcedure } from "./mark-read";
import { setEmailProcedure } from "./set-email";
import { updatePreferencesProcedure } from "./update-preferences";

/** Per person: everyone reads and changes only their own notifications and preferences. */
export const notificationsRouter = router({
  list: listNotificationsProcedure,
  unreadCount: countUnreadProcedure,
  markRead: markReadProcedure,
  preferences: getPreferencesProcedure,
  updatePreferences: updatePreferencesProcedure,
  setEmail: setEmailProcedure,
  confirmEmail: confirmEmailProcedure,
});
