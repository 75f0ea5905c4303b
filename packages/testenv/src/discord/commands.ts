import { z } from "zod";
import { discordError, validate } from "./http";
import { snowflake } from "./snowflake";
import type { Json } from "./world";

const CommandName = z.string().regex(/^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u, "must be 1-32 lowercase characters");

export const SUBCOMMAND = 1;
export const SUBCOMMAND_GROUP = 2;
export const ATTACHMENT = 11;

/** A registered option as checkOptions reads it (subcommands and groups nest theirs). */
export interface OptionDef extends Json {
  name: string;
  type: number;
  required?: boolean;
  /** Discord sends autocomplete interactions while this option is typed. */
  autocomplete?: boolean;
  options?: OptionDef[];
}

const CommandOption: z.ZodType<Json> = z.looseObject({
  type: z.number().int().min(1).max(11),
  name: CommandName,
  description: z.string().min(1).max(100),
  required: z.boolean().optional(),
  autocomplete: z.boolean().optional(),
  get options() {
    return z.array(CommandOption).max(25).optional();
  },
});

const Command = z
  .looseObject({
    name: CommandName,
    type: z.number().int().min(1).max(4).default(1),
    description: z.string().max(100).default(""),
    options: z.array(CommandOption).max(25).optional(),
  })
  .superRefine((command, ctx) => {
    if (command.type === 1 && command.description.length === 0) {
      ctx.addIssue({ code: "custom", path: ["description"], message: "is required for slash commands" });
    }
    checkNesting(command.options as OptionDef[] | undefined, "command", ["options"], ctx);
  });

const isNested = (o: OptionDef) => o.type === SUBCOMMAND || o.type === SUBCOMMAND_GROUP;

/**
 * Discord's nesting rules, so a command the stand-in accepts is one Discord
 * accepts: a command holds either subcommands/groups or plain options, a group
 * holds only subcommands, a subcommand holds only plain options.
 */
function checkNesting(
  options: OptionDef[] | undefined,
  level: "command" | "group" | "subcommand",
  path: (string | number)[],
  ctx: z.RefinementCtx,
) {
  if (!options) return;
  const nested = options.filter(isNested).length;
  const refuse = (message: string) => ctx.addIssue({ code: "custom", path, message });
  if (level === "command" && nested > 0 && nested < options.length) {
    refuse("Sub-command and sub-command group option types are mutually exclusive to all other types");
  }
  if (level === "group" && options.some((o) => o.type !== SUBCOMMAND)) {
    refuse("A sub-command group may only contain sub-commands");
  }
  if (level === "subcommand" && nested > 0) refuse("A sub-command may not contain sub-commands or groups");
  for (const [i, option] of options.entries()) {
    if (option.type === SUBCOMMAND_GROUP) checkNesting(option.options, "group", [...path, i, "options"], ctx);
    if (option.type === SUBCOMMAND) checkNesting(option.options, "subcommand", [...path, i, "options"], ctx);
  }
}

const CommandList = z
  .array(Command)
  .max(100)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    for (const [i, command] of list.entries()) {
      const key = `${command.type}:${command.name}`;
      if (seen.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: [i, "name"],
          message: "Application command names must be unique",
        });
      }
      seen.add(key);
    }
  });

/** A command as Discord stores it (ids kept across overwrites with the same name). */
export interface RegisteredCommand extends Json {
  id: string;
  application_id: string;
  name: string;
  type: number;
  description: string;
  options?: OptionDef[];
  guild_id?: string;
  version: string;
}

/** Global and per-guild application commands, as the bot registered them. */
export class CommandRegistry {
  private readonly scopes = new Map<string, RegisteredCommand[]>();

  constructor(private readonly applicationId: string) {}

  private key = (guildId: string | null) => guildId ?? "global";

  list(guildId: string | null): RegisteredCommand[] {
    return this.scopes.get(this.key(guildId)) ?? [];
  }

  /** Bulk overwrite (PUT), as `Routes.applicationCommands` / `applicationGuildCommands`. */
  overwrite(guildId: string | null, body: unknown): RegisteredCommand[] {
    const list = validate(CommandList, body);
    const previous = this.list(guildId);
    const stored = list.map((command): RegisteredCommand => {
      const same = previous.find((p) => p.name === command.name && p.type === command.type);
      return {
        default_member_permissions: null,
        nsfw: false,
        ...command,
        id: same?.id ?? snowflake(),
        application_id: this.applicationId,
        version: snowflake(),
        ...(guildId ? { guild_id: guildId } : {}),
      } as RegisteredCommand;
    });
    this.scopes.set(this.key(guildId), stored);
    return stored;
  }

  create(guildId: string | null, body: unknown): RegisteredCommand {
    const [command] = validate(CommandList, [body]);
    if (!command) throw discordError(400, "Invalid Form Body", 50035);
    const others = this.list(guildId).filter((c) => !(c.name === command.name && c.type === command.type));
    const [created] = this.overwrite(guildId, [...others, command]).slice(-1);
    if (!created) throw discordError(500, "500: Internal Server Error", 0);
    return created;
  }

  all(): RegisteredCommand[] {
    return [...this.scopes.values()].flat();
  }

  /** The command a user in `guildId` would see: a guild command first, then a global one. */
  find(name: string, guildId: string | null): RegisteredCommand | undefined {
    const slash = (c: RegisteredCommand) => c.name === name && c.type === 1;
    return (guildId ? this.list(guildId).find(slash) : undefined) ?? this.list(null).find(slash);
  }
}
