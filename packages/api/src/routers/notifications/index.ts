import { router } from "../../trpc";
import { confirmEmailProcedure } from "./confirm-email";
import { countUnreadProcedure } from "./count-unread";
import { getPreferencesProcedure } from "./get-preferences";
import { listNotificationsProcedure } from "./list-notifications";
import { markReadProcedure } from "./mark-read";
import { sendTestProcedure } from "./send-test";
import { setEmailProcedure } from "./set-email";
import { updatePreferencesProcedure } from "./update-preferences";

/** Per person: everyone reads and changes only their own notifications and preferences. */
export const notificationsRouter = router({
  list: listNotificationsProcedure,
  unreadCount: countUnreadProcedure,
  markRead: markReadProcedure,
  sendTest: sendTestProcedure,
  preferences: getPreferencesProcedure,
  updatePreferences: updatePreferencesProcedure,
  setEmail: setEmailProcedure,
  confirmEmail: confirmEmailProcedure,
});
