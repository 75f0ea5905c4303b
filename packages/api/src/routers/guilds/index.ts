import { router } from "../../trpc";
import { listGuilds } from "./list-guilds";
import { selectGuild } from "./select-guild";

export const guildsRouter = router({ list: listGuilds, select: selectGuild });
