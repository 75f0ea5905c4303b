import { once } from "node:events";
import { KeyedBuckets, nonRetryableCodes, slowDownMessage } from "@clustercord/contracts";
import { createLogger, type Metrics, type Logger as PinoLogger } from "@clustercord/telemetry";
import {
  type ApplicationCommandOptionChoiceData,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  Routes,
} from "discord.js";
import { type ApiClientFactory, createApiClient } from "./api-client";
import {
  type ButtonHandler,
  buttons as defaultButtons,
  commands as defaultCommands,
  type SlashCommand,
} from "./commands";
import type { WorkerEnv } from "./env";
import { apiErrorCode, renderError, renderNotice } from "./render/error";
import { UserError } from "./user-error";

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

/** The worker's Logger on a pino logger: errors under `err`, with their stack. */
export const workerLogger = (log: PinoLogger): Logger => ({
  info: (message) => log.info(message),
  error: (message, error) => (error === undefined ? log.error(message) : log.error({ err: error }, message)),
});

export interface WorkerOptions {
  commands?: readonly SlashCommand[];
  buttons?: readonly ButtonHandler[];
  /** Defaults to the API at env.CLUSTERCORD_API_URL with the service token. */
  api?: ApiClientFactory;
  /** Default: JSON lines on stdout (LOG_LEVEL). */
  logger?: Logger;
  /** Interaction latency is observed here, by command, when given. */
  metrics?: Metrics;
}

export interface Worker {
  client: Client<true>;
  stop(): Promise<void>;
}

export const NOT_IN_GUILD =
  "ClusterCord commands work in a server: use this in a server where ClusterCord is installed.";
export const UNKNOWN_INTERACTION = "This command or button is no longer available.";
/** Discord drops an autocomplete answer after 3 s; answer none rather than late. */
const AUTOCOMPLETE_BUDGET_MS = 2_500;
/** Nothing the bot says may ping anyone, whatever a cluster or a person put in a name. */
const NO_MENTIONS = { parse: [] } as const;
/** Every reply, edit and follow-up goes out with pings disabled (defence in depth beside the client default). */
const quiet = <T extends object>(reply: T) => ({ ...reply, allowedMentions: NO_MENTIONS });

/**
 * Connects the bot, registers its slash commands (in DISCORD_DEV_GUILD_ID, or
 * globally), and answers interactions by calling the API as the person who
 * used them. Resolves once commands are registered and interactions flow.
 */
export async function startWorker(env: WorkerEnv, options: WorkerOptions = {}): Promise<Worker> {
  const log = options.logger ?? workerLogger(createLogger({ name: "discord", level: env.LOG_LEVEL }));
  const commands = new Map((options.commands ?? defaultCommands).map((c) => [c.definition.name, c]));
  const buttons = options.buttons ?? defaultButtons;
  const api =
    options.api ??
    createApiClient({ apiUrl: env.CLUSTERCORD_API_URL, serviceToken: env.WORKER_SERVICE_TOKEN });

  // Per person: slash commands and button clicks, checked before any API call.
  const perPerson = new KeyedBuckets({
    capacity: env.COMMANDS_PER_MINUTE,
    refillPerSecond: env.COMMANDS_PER_MINUTE / 60,
  });
  /** The "slow down" notice when this person is over their allowance, else null. */
  const slowDown = (userId: string) => {
    const take = perPerson.take(userId, Date.now());
    return take.ok ? null : renderNotice(slowDownMessage(take.retryAfterSeconds));
  };

  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: env.DISCORD_API_BASE },
    allowedMentions: NO_MENTIONS,
  });
  client.on(Events.InteractionCreate, (interaction) => {
    const started = performance.now();
    handleInteraction(interaction)
      .catch((error: unknown) => log.error("interaction handling failed", error))
      .finally(() =>
        options.metrics?.discordInteraction.observe(
          { command: interactionLabel(interaction) },
          (performance.now() - started) / 1000,
        ),
      );
  });

  /** A bounded label: known commands and buttons by name, anything else as "unknown". */
  function interactionLabel(interaction: Interaction): string {
    if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
      const name = commands.has(interaction.commandName) ? `/${interaction.commandName}` : "unknown";
      return interaction.isAutocomplete() ? `autocomplete:${name}` : name;
    }
    if (interaction.isButton()) {
      const prefix = interaction.customId.split(":")[0] ?? "";
      return buttons.some((b) => b.prefix === prefix) ? `button:${prefix}` : "button:unknown";
    }
    return "other";
  }
  client.on(Events.Error, (error) => log.error("client error", error));

  async function handleInteraction(interaction: Interaction) {
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      if (!command) return void (await interaction.reply(quiet(renderNotice(UNKNOWN_INTERACTION))));
      if (!interaction.inGuild()) return void (await interaction.reply(quiet(renderNotice(NOT_IN_GUILD))));
      const limited = slowDown(interaction.user.id);
      if (limited) return void (await interaction.reply(quiet(limited)));
      await runCommand(command, interaction);
    } else if (interaction.isButton()) {
      const [prefix = "", ...args] = interaction.customId.split(":");
      const handler = buttons.find((b) => b.prefix === prefix);
      if (!handler) return void (await interaction.reply(quiet(renderNotice(UNKNOWN_INTERACTION))));
      if (!interaction.inGuild() && !handler.dm)
        return void (await interaction.reply(quiet(renderNotice(NOT_IN_GUILD))));
      const limited = slowDown(interaction.user.id);
      if (limited) return void (await interaction.reply(quiet(limited)));
      // A DM click (handlers that allow it) acts in the server the handler picks with apiIn.
      await runButton(handler, args, interaction as ButtonInteraction<"cached" | "raw">);
    } else if (interaction.isAutocomplete()) {
      const command = commands.get(interaction.commandName);
      if (!command?.autocomplete || !interaction.inGuild()) return void (await interaction.respond([]));
      await runAutocomplete(command, interaction);
    }
  }

  /** Refusals (permission, bad input, rate limits) are normal; anything else is logged in full. */
  function logFailure(what: string, error: unknown) {
    const code = apiErrorCode(error);
    if (error instanceof UserError) log.info(`${what} refused: ${error.message}`);
    else if (code && (nonRetryableCodes.has(code) || code === "TOO_MANY_REQUESTS"))
      log.info(`${what} refused by the API: ${code}`);
    else log.error(`${what} failed`, error);
  }

  const actorApi = (interaction: Interaction<"cached" | "raw">) =>
    api.forActor({ userId: interaction.user.id, guildId: interaction.guildId });

  async function runCommand(
    command: SlashCommand,
    interaction: ChatInputCommandInteraction<"cached" | "raw">,
  ) {
    await interaction.deferReply(command.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    try {
      await interaction.editReply(
        quiet(await command.execute({ interaction, api: actorApi(interaction), webUrl: env.PUBLIC_URL })),
      );
    } catch (error) {
      const sub = interaction.options.getSubcommand(false);
      logFailure(`/${command.definition.name}${sub ? ` ${sub}` : ""}`, error);
      const reply = renderError(error);
      if (interaction.ephemeral) {
        await interaction.editReply(quiet({ content: "", embeds: reply.embeds, components: [] }));
      } else {
        // A public deferral cannot become private: replace it with an ephemeral follow-up.
        await interaction.deleteReply().catch(() => {});
        await interaction.followUp(quiet(reply));
      }
    }
  }

  /** Any command may offer choices (`autocomplete`); failures and slow answers offer none. */
  async function runAutocomplete(
    command: SlashCommand,
    interaction: AutocompleteInteraction<"cached" | "raw">,
  ) {
    let timer: NodeJS.Timeout | undefined;
    let choices: ApplicationCommandOptionChoiceData[] = [];
    try {
      choices = await Promise.race([
        command.autocomplete?.({ interaction, api: actorApi(interaction) }) ?? [],
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("autocomplete took too long")), AUTOCOMPLETE_BUDGET_MS);
        }),
      ]);
    } catch (error) {
      logFailure(
        `autocomplete /${command.definition.name} ${interaction.options.getFocused(true).name}`,
        error,
      );
    } finally {
      clearTimeout(timer);
    }
    await interaction.respond(choices.slice(0, 25));
  }

  async function runButton(
    handler: ButtonHandler,
    args: string[],
    interaction: ButtonInteraction<"cached" | "raw">,
  ) {
    await interaction.deferUpdate();
    try {
      const answer = await handler.execute({
        interaction,
        api: actorApi(interaction),
        args,
        apiIn: (guildId) => api.forActor({ userId: interaction.user.id, guildId }),
        webUrl: env.PUBLIC_URL,
      });
      if (handler.followUp?.(args)) {
        const { content, embeds, components, files } = answer;
        await interaction.followUp(
          quiet({
            ...(content ? { content } : {}),
            ...(embeds ? { embeds } : {}),
            ...(components ? { components } : {}),
            ...(files ? { files } : {}),
            flags: MessageFlags.Ephemeral as const,
          }),
        );
      } else await interaction.editReply(quiet(answer));
    } catch (error) {
      logFailure(`button ${handler.prefix}`, error);
      // Keep the message as it was; tell only the clicker what went wrong.
      await interaction.followUp(quiet(renderError(error)));
    }
  }

  try {
    const ready = once(client, Events.ClientReady);
    await client.login(env.DISCORD_BOT_TOKEN);
    await ready;
    if (!client.isReady()) throw new Error("the Discord client did not become ready");
    if (client.application.id !== env.DISCORD_APPLICATION_ID) {
      log.error(
        `DISCORD_APPLICATION_ID (${env.DISCORD_APPLICATION_ID}) differs from the bot's application (${client.application.id})`,
      );
    }
    const route = env.DISCORD_DEV_GUILD_ID
      ? Routes.applicationGuildCommands(env.DISCORD_APPLICATION_ID, env.DISCORD_DEV_GUILD_ID)
      : Routes.applicationCommands(env.DISCORD_APPLICATION_ID);
    await client.rest.put(route, { body: [...commands.values()].map((c) => c.definition) });
    const where = env.DISCORD_DEV_GUILD_ID ? `in guild ${env.DISCORD_DEV_GUILD_ID}` : "globally";
    log.info(
      `ready as ${client.user.tag} in ${client.guilds.cache.size} server(s); ` +
        `${commands.size} command(s) registered ${where}`,
    );
    let stopped = false;
    return {
      client,
      async stop() {
        if (stopped) return;
        stopped = true;
        await client.destroy();
      },
    };
  } catch (error) {
    await client.destroy();
    throw error;
  }
}
