// @ts-check
// The demo's Discord client: pick a person and a channel, type slash commands
// with the bot's registered definitions, watch the replies live. Every action
// is one JSON call to the stand-in (demo.ts), which drives the real bot
// through the gateway exactly as the tests do.
import { ATTACHMENT, choiceSuggestions, missingOptions, parseCommandLine, suggestions } from "./parse.js";
import { el, renderMessage } from "./render.js";

/**
 * @typedef {import("./parse.js").CommandDef} CommandDef
 * @typedef {import("./parse.js").Parsed} Parsed
 * @typedef {import("./parse.js").Suggestion} Suggestion
 * @typedef {import("./render.js").DemoMessage} DemoMessage
 * @typedef {{ id: string, username: string, globalName: string | null }} User
 * @typedef {{ id: string, name: string, members: string[], channels: { id: string, name: string }[] }} Guild
 * @typedef {{ bot: string, connected: boolean, users: User[], guilds: Guild[], commands: CommandDef[] }} World
 * @typedef {{ kind: "guild", guildId: string, channelId: string } | { kind: "dm" }} Place
 */

/** Discord's client refuses bigger uploads in the demo (the stand-in says the same). */
const FILE_LIMIT = 2 * 1024 * 1024;
const AUTOCOMPLETE_DELAY_MS = 250;

/** @param {string} id */
function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node;
}

const ui = {
  servers: byId("server-list"),
  channels: byId("channel-list"),
  placeName: byId("place-name"),
  user: /** @type {HTMLSelectElement} */ (byId("user-select")),
  botStatus: byId("bot-status"),
  title: byId("channel-title"),
  messages: byId("messages"),
  form: /** @type {HTMLFormElement} */ (byId("composer")),
  input: /** @type {HTMLInputElement} */ (byId("composer-input")),
  suggestions: byId("suggestions"),
  attachments: byId("attachments"),
  notice: byId("notice"),
};

const state = {
  /** @type {World} */
  world: { bot: "bot", connected: false, users: [], guilds: [], commands: [] },
  userId: "",
  /** @type {Place} */
  place: { kind: "dm" },
  /** Files picked for attachment options, by option name, for the command path in `filesFor`. */
  files: /** @type {Map<string, File>} */ (new Map()),
  filesFor: "",
  /** @type {Suggestion[]} */
  offered: [],
  highlighted: -1,
  dismissed: /** @type {Set<string>} */ (new Set()),
  shown: "",
  autocompleteTimer: /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined),
};

/**
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
async function call(path, body) {
  const response = await fetch(
    path,
    body === undefined
      ? {}
      : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
  );
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(json.message ?? `${response.status} ${response.statusText}`);
  return json;
}

const me = () => state.world.users.find((u) => u.id === state.userId);
const myGuilds = () => state.world.guilds.filter((g) => g.members.includes(state.userId));
const currentGuild = () => {
  const place = state.place;
  return place.kind === "guild" ? state.world.guilds.find((g) => g.id === place.guildId) : undefined;
};
const channelParam = () => (state.place.kind === "guild" ? state.place.channelId : "dm");

/** The commands Discord offers here: the guild's own first, then global ones (none of a guild's in DMs). */
function commandsHere() {
  const slash = state.world.commands.filter((c) => (c.type ?? 1) === 1);
  const guild = currentGuild();
  const local = guild ? slash.filter((c) => c.guild_id === guild.id) : [];
  const global = slash.filter((c) => !c.guild_id && !local.some((l) => l.name === c.name));
  return [...local, ...global];
}

const resolvers = {
  /** @param {string} text */
  user: (text) => {
    const members = currentGuild()?.members ?? [state.userId];
    return state.world.users.find((u) => members.includes(u.id) && (u.username === text || u.id === text))
      ?.id;
  },
  /** @param {string} text */
  channel: (text) => currentGuild()?.channels.find((c) => c.name === text || c.id === text)?.id,
};

/** @param {string} id */
function mention(id) {
  const user = state.world.users.find((u) => u.id === id);
  if (user) return user.username;
  for (const guild of state.world.guilds) {
    const channel = guild.channels.find((c) => c.id === id);
    if (channel) return channel.name;
  }
  return id;
}

/** @param {string} text */
function notify(text) {
  ui.notice.textContent = text;
}

// ---- sidebar -------------------------------------------------------------

function renderUsers() {
  ui.user.replaceChildren(
    ...state.world.users.map((u) => {
      const option = el("option", undefined, u.globalName ? `${u.username} (${u.globalName})` : u.username);
      option.value = u.username;
      option.selected = u.id === state.userId;
      return option;
    }),
  );
}

function renderServers() {
  /** @param {string} label @param {string} short @param {boolean} current @param {() => void} pick */
  const entry = (label, short, current, pick) => {
    const button = el("button", current ? "server current" : "server", short);
    button.type = "button";
    button.title = label;
    button.setAttribute("aria-label", label);
    button.setAttribute("aria-pressed", String(current));
    button.addEventListener("click", pick);
    const li = el("li");
    li.append(button);
    return li;
  };
  const initials = (/** @type {string} */ name) =>
    name
      .split(/\s+/)
      .map((w) => w[0] ?? "")
      .join("")
      .slice(0, 3);
  ui.servers.replaceChildren(
    entry("Direct messages", "DM", state.place.kind === "dm", () => go({ kind: "dm" })),
    ...myGuilds().map((g) =>
      entry(g.name, initials(g.name), currentGuild()?.id === g.id, () => {
        const channel = g.channels[0];
        if (channel) go({ kind: "guild", guildId: g.id, channelId: channel.id });
      }),
    ),
  );
}

function renderChannels() {
  const guild = currentGuild();
  ui.placeName.textContent = guild ? guild.name : "Direct messages";
  if (!guild) {
    const li = el("li");
    const button = el("button", "channel current", `@${state.world.bot}`);
    button.type = "button";
    button.setAttribute("aria-current", "true");
    li.append(button);
    ui.channels.replaceChildren(li);
    return;
  }
  ui.channels.replaceChildren(
    ...guild.channels.map((c) => {
      const current = state.place.kind === "guild" && state.place.channelId === c.id;
      const button = el("button", current ? "channel current" : "channel");
      button.type = "button";
      const hash = el("span", "hash", "#");
      hash.setAttribute("aria-hidden", "true");
      button.append(hash, c.name);
      if (current) button.setAttribute("aria-current", "true");
      button.addEventListener("click", () => go({ kind: "guild", guildId: guild.id, channelId: c.id }));
      const li = el("li");
      li.append(button);
      return li;
    }),
  );
}

function renderChrome() {
  renderUsers();
  renderServers();
  renderChannels();
  const guild = currentGuild();
  const channel = guild?.channels.find((c) => state.place.kind === "guild" && c.id === state.place.channelId);
  const where = channel ? `#${channel.name}` : `@${state.world.bot}`;
  ui.title.textContent = channel ? `# ${channel.name}` : `@${state.world.bot}`;
  ui.input.setAttribute("aria-label", `Message ${where}`);
  ui.input.placeholder = `Message ${where}: type / for commands`;
  ui.botStatus.textContent = state.world.connected
    ? `${state.world.bot} is online`
    : `${state.world.bot} is offline (is the worker running?)`;
  if (!myGuilds().length) {
    notify(`${me()?.username ?? "This person"} shares no server with ${state.world.bot}: only DMs.`);
  }
}

/** @param {Place} place */
function go(place) {
  state.place = place;
  state.shown = "";
  notify("");
  const user = me();
  history.replaceState(null, "", `#user=${user?.username ?? ""}&channel=${channelParam()}`);
  renderChrome();
  closeSuggestions();
  void refreshMessages();
}

/** The place to show for this person: the one asked for if they may see it, else their first. */
function placeFor(/** @type {string | null} */ channel) {
  const guilds = myGuilds();
  const wanted = guilds.find((g) => g.channels.some((c) => c.id === channel));
  const guild = wanted ?? guilds[0];
  const channelId = wanted ? channel : guild?.channels[0]?.id;
  return guild && channelId && channel !== "dm"
    ? /** @type {Place} */ ({ kind: "guild", guildId: guild.id, channelId })
    : /** @type {Place} */ ({ kind: "dm" });
}

// ---- messages -------------------------------------------------------------

/** @type {import("./render.js").Handlers} */
const handlers = {
  click: (message, customId) => void interact({ userId: state.userId, messageId: message.id, customId }),
  select: (message, customId, values) =>
    void interact({ userId: state.userId, messageId: message.id, customId, values }),
  dismiss: (message) => {
    state.dismissed.add(message.id);
    state.shown = "";
    void refreshMessages();
  },
  mention,
};

/** @param {Record<string, unknown>} body */
async function interact(body) {
  notify("");
  try {
    const answer = await call("/demo/components", body);
    if (!answer.acknowledged) notify("This interaction failed (the bot did not answer within 3 s).");
  } catch (error) {
    notify(String(error instanceof Error ? error.message : error));
  }
  state.shown = "";
  await refreshMessages();
}

let refreshing = Promise.resolve();
function refreshMessages() {
  refreshing = refreshing.then(loadMessages, loadMessages);
  return refreshing;
}

async function loadMessages() {
  if (!state.userId) return;
  const query = new URLSearchParams({ userId: state.userId, channelId: channelParam() });
  /** @type {{ messages: DemoMessage[] }} */
  let answer;
  try {
    answer = await call(`/demo/messages?${query}`);
  } catch (error) {
    notify(String(error instanceof Error ? error.message : error));
    return;
  }
  const visible = answer.messages.filter((m) => !state.dismissed.has(m.id));
  const key = JSON.stringify(visible);
  if (key === state.shown) return;
  state.shown = key;
  const list = ui.messages;
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  if (!visible.length) {
    const empty = el("li", "empty", "No messages yet. Type / to see the bot's commands.");
    list.replaceChildren(empty);
  } else {
    list.replaceChildren(...visible.map((m) => renderMessage(m, handlers)));
  }
  if (atBottom) list.scrollTop = list.scrollHeight;
}

async function loadWorld() {
  state.world = await call("/demo/world");
}

// ---- composer -------------------------------------------------------------

const parseLine = () => parseCommandLine(ui.input.value, commandsHere(), resolvers);

function closeSuggestions() {
  state.offered = [];
  state.highlighted = -1;
  ui.suggestions.hidden = true;
  ui.suggestions.replaceChildren();
  ui.input.setAttribute("aria-expanded", "false");
}

/** @param {Suggestion[]} offered */
function showSuggestions(offered) {
  state.offered = offered;
  state.highlighted = -1;
  if (!offered.length) return closeSuggestions();
  ui.suggestions.replaceChildren(
    ...offered.map((s, i) => {
      const li = el("div", "suggestion");
      li.id = `suggestion-${i}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.append(el("span", "suggestion-label", s.label));
      if (s.description) li.append(el("span", "suggestion-description", s.description));
      // mousedown: before the input loses focus.
      li.addEventListener("mousedown", (event) => {
        event.preventDefault();
        accept(s);
      });
      return li;
    }),
  );
  ui.suggestions.hidden = false;
  ui.input.setAttribute("aria-expanded", "true");
}

/** @param {number} index */
function highlight(index) {
  const items = [...ui.suggestions.children];
  state.highlighted = (index + items.length) % items.length;
  for (const [i, item] of items.entries())
    item.setAttribute("aria-selected", String(i === state.highlighted));
  ui.input.setAttribute("aria-activedescendant", `suggestion-${state.highlighted}`);
  items[state.highlighted]?.scrollIntoView({ block: "nearest" });
}

/** @param {Suggestion} suggestion */
function accept(suggestion) {
  ui.input.value = suggestion.text;
  ui.input.focus();
  onInput();
}

/** The file pickers for the current command's attachment options. */
function renderAttachments(/** @type {Parsed | null} */ parsed) {
  const path = parsed?.leaf ? parsed.label : "";
  if (path !== state.filesFor) {
    state.files.clear();
    state.filesFor = path;
    const defs = (parsed?.leaf ?? []).filter((d) => d.type === ATTACHMENT);
    ui.attachments.replaceChildren(
      ...defs.map((d) => {
        const label = el("label", "attachment-picker");
        label.append(el("span", undefined, `${d.name}${d.required ? " (required)" : ""}`));
        const input = el("input");
        input.type = "file";
        input.addEventListener("change", () => {
          const file = input.files?.[0];
          if (file && file.size > FILE_LIMIT) {
            notify(`${file.name} is over the demo's ${FILE_LIMIT / 1024 / 1024} MB limit`);
            input.value = "";
            state.files.delete(d.name);
          } else if (file) state.files.set(d.name, file);
          else state.files.delete(d.name);
        });
        label.append(input);
        return label;
      }),
    );
  }
}

function onInput() {
  notify("");
  const text = ui.input.value;
  const parsed = parseLine();
  renderAttachments(parsed);
  clearTimeout(state.autocompleteTimer);
  if (!parsed) return closeSuggestions();
  const typing = parsed.typing;
  if (typing.kind === "value" && typing.option.autocomplete) {
    closeSuggestions();
    state.autocompleteTimer = setTimeout(() => void autocomplete(text, parsed), AUTOCOMPLETE_DELAY_MS);
    return;
  }
  showSuggestions(suggestions(text, parsed, commandsHere()));
}

/** Asks the bot for choices (an autocomplete interaction through the gateway), as Discord's client does. */
async function autocomplete(/** @type {string} */ text, /** @type {Parsed} */ parsed) {
  const typing = parsed.typing;
  if (typing.kind !== "value" || !parsed.command) return;
  try {
    const answer = await call("/demo/autocomplete", {
      ...where(),
      ...commandPath(parsed),
      options: parsed.options.filter((o) => o.name !== typing.option.name),
      focused: { name: typing.option.name, value: typing.text },
    });
    if (ui.input.value !== text) return;
    showSuggestions(choiceSuggestions(text, typing, answer.choices, false));
    if (!answer.choices.length) notify(answer.timedOut ? "The bot did not offer choices in time." : "");
  } catch (error) {
    notify(String(error instanceof Error ? error.message : error));
  }
}

const where = () => ({
  userId: state.userId,
  channelId: state.place.kind === "guild" ? state.place.channelId : null,
});

/** @param {Parsed} parsed */
const commandPath = (parsed) => ({
  name: parsed.command?.name ?? "",
  ...(parsed.group ? { group: parsed.group } : {}),
  ...(parsed.subcommand ? { subcommand: parsed.subcommand } : {}),
});

/** @param {File} file */
async function base64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function send() {
  const parsed = parseLine();
  if (!parsed) {
    notify(`${state.world.bot} only reads slash commands here: type / to see them.`);
    return;
  }
  if (parsed.errors.length) return notify(parsed.errors.join("; "));
  const missing = missingOptions(parsed, new Set(state.files.keys()));
  if (missing.length) {
    return notify(`${parsed.label} needs ${missing.map((d) => d.name).join(", ")}`);
  }
  const files = await Promise.all(
    [...state.files].map(async ([name, file]) => ({
      name,
      type: ATTACHMENT,
      file: {
        filename: file.name,
        ...(file.type ? { contentType: file.type } : {}),
        base64: await base64(file),
      },
    })),
  );
  const line = ui.input.value;
  ui.input.value = "";
  closeSuggestions();
  renderAttachments(null);
  try {
    const answer = await call("/demo/commands", {
      ...where(),
      ...commandPath(parsed),
      options: [...parsed.options, ...files],
    });
    if (!answer.acknowledged) notify("The application did not respond.");
  } catch (error) {
    ui.input.value = line;
    notify(String(error instanceof Error ? error.message : error));
  }
  await refreshMessages();
}

ui.input.addEventListener("input", () => {
  // Commands may have been registered since the page loaded.
  if (ui.input.value === "/") void loadWorld().then(onInput);
  else onInput();
});
ui.input.addEventListener("keydown", (event) => {
  const open = state.offered.length > 0;
  if (event.key === "ArrowDown" && open) highlight(state.highlighted + 1);
  else if (event.key === "ArrowUp" && open) highlight(state.highlighted - 1);
  else if (event.key === "Tab" && open) {
    const chosen = state.offered[Math.max(state.highlighted, 0)];
    if (chosen) accept(chosen);
  } else if (event.key === "Enter" && open && state.highlighted >= 0) {
    const chosen = state.offered[state.highlighted];
    if (chosen) accept(chosen);
  } else if (event.key === "Escape" && open) closeSuggestions();
  else return;
  event.preventDefault();
});
ui.form.addEventListener("submit", (event) => {
  event.preventDefault();
  void send();
});
ui.user.addEventListener("change", () => {
  state.userId = state.world.users.find((u) => u.username === ui.user.value)?.id ?? "";
  state.dismissed.clear();
  const channel = state.place.kind === "guild" ? state.place.channelId : "dm";
  go(placeFor(channel));
});

async function start() {
  await loadWorld();
  const hash = new URLSearchParams(location.hash.slice(1));
  const user = state.world.users.find((u) => u.username === hash.get("user")) ?? state.world.users[0];
  state.userId = user?.id ?? "";
  go(placeFor(hash.get("channel")));
  const events = new EventSource("/demo/events");
  events.addEventListener("change", () => void refreshMessages());
  // The bot's status and newly registered commands; the sidebar is redrawn only when they changed.
  setInterval(async () => {
    const before = JSON.stringify(state.world);
    await loadWorld().catch(() => {});
    if (JSON.stringify(state.world) !== before) renderChrome();
  }, 10_000);
}

start().catch((error) =>
  notify(`The demo page could not start: ${error instanceof Error ? error.message : error}`),
);
