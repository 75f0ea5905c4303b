// @ts-check
// Reads what a person types ("/pods namespace:shop") against the command
// definitions the bot registered, as Discord's client does with its option
// pills: the command, its subcommand (and group), then `name:value` options.

/**
 * @typedef {{ name: string, value: string | number }} Choice
 * @typedef {{
 *   name: string, type: number, description?: string, required?: boolean, autocomplete?: boolean,
 *   choices?: Choice[], options?: OptionDef[], min_value?: number, max_value?: number,
 *   min_length?: number, max_length?: number
 * }} OptionDef
 * @typedef {{ name: string, description: string, type?: number, guild_id?: string, options?: OptionDef[] }} CommandDef
 * @typedef {{ name: string, type: number, value: string | number | boolean }} TypedOption
 * @typedef {{ user?: (text: string) => string | undefined, channel?: (text: string) => string | undefined }} Resolvers
 * @typedef {(
 *   { kind: "command", prefix: string, start: number } |
 *   { kind: "subcommand", prefix: string, start: number, choices: OptionDef[] } |
 *   { kind: "option", prefix: string, start: number } |
 *   { kind: "value", option: OptionDef, text: string, start: number }
 * )} Typing
 * @typedef {{
 *   command: CommandDef | null, group?: string, subcommand?: string, label: string,
 *   leaf: OptionDef[] | null, options: TypedOption[], errors: string[], typing: Typing
 * }} Parsed
 * @typedef {{ label: string, description: string, text: string }} Suggestion
 */

export const SUBCOMMAND = 1;
export const SUBCOMMAND_GROUP = 2;
export const ATTACHMENT = 11;

const isNested = (/** @type {OptionDef} */ o) => o.type === SUBCOMMAND || o.type === SUBCOMMAND_GROUP;

/**
 * The word at `offset` and what follows it.
 * @param {string} text
 * @param {number} offset
 */
function wordAt(text, offset) {
  const match = /^(\S*)(\s*)/.exec(text.slice(offset)) ?? ["", "", ""];
  const word = match[1] ?? "";
  return { word, done: (match[2] ?? "").length > 0, next: offset + match[0].length };
}

/**
 * Parses a composer line; null when it is not a slash command.
 * @param {string} text
 * @param {CommandDef[]} commands
 * @param {Resolvers} [resolve]
 * @returns {Parsed | null}
 */
export function parseCommandLine(text, commands, resolve = {}) {
  if (!text.startsWith("/")) return null;
  const head = wordAt(text, 1);
  const name = head.word.toLowerCase();
  const command = commands.find((c) => c.name === name) ?? null;
  /** @type {Parsed} */
  const parsed = {
    command,
    label: `/${name}`,
    leaf: null,
    options: [],
    errors: [],
    typing: { kind: "command", prefix: name, start: 0 },
  };
  if (!command) {
    parsed.errors.push(name ? `There is no command /${name}` : "Type a command after /");
    return parsed;
  }
  let defs = command.options ?? [];
  if (!head.done) {
    const nested = defs.filter(isNested);
    if (nested.length) {
      parsed.errors.push(`/${name} needs a subcommand (one of: ${nested.map((d) => d.name).join(", ")})`);
    } else parsed.leaf = defs;
    return parsed;
  }
  let offset = head.next;
  // Subcommand groups and subcommands come first, as words.
  for (let depth = 0; depth < 2 && defs.some(isNested); depth++) {
    const word = wordAt(text, offset);
    const nested = defs.filter(isNested);
    const found = nested.find((d) => d.name === word.word.toLowerCase());
    parsed.typing = { kind: "subcommand", prefix: word.word, start: offset, choices: nested };
    if (!found) {
      const names = nested.map((d) => d.name).join(", ");
      parsed.errors.push(
        word.word
          ? `${parsed.label} has no subcommand "${word.word}" (one of: ${names})`
          : `${parsed.label} needs a subcommand (one of: ${names})`,
      );
      return parsed;
    }
    parsed.label += ` ${found.name}`;
    if (found.type === SUBCOMMAND_GROUP) parsed.group = found.name;
    else parsed.subcommand = found.name;
    defs = found.options ?? [];
    offset = word.next;
    if (!word.done) {
      parsed.leaf = found.type === SUBCOMMAND ? defs : null;
      if (found.type === SUBCOMMAND_GROUP) parsed.errors.push(`${parsed.label} needs a subcommand`);
      return parsed;
    }
  }
  parsed.leaf = defs;
  readOptions(text, offset, parsed, resolve);
  return parsed;
}

/**
 * The `name:value` options after the command path; a value runs until the next known `name:`.
 * @param {string} text
 * @param {number} offset
 * @param {Parsed} parsed
 * @param {Resolvers} resolve
 */
function readOptions(text, offset, parsed, resolve) {
  const leaf = parsed.leaf ?? [];
  const rest = text.slice(offset);
  /** @type {{ def: OptionDef, start: number, valueStart: number }[]} */
  const marks = [];
  for (const match of rest.matchAll(/(^|\s)([\p{Ll}\p{N}_-]+):/gu)) {
    const def = leaf.find((d) => d.name === match[2]);
    const index = (match.index ?? 0) + (match[1] ?? "").length;
    if (def)
      marks.push({ def, start: offset + index, valueStart: offset + (match.index ?? 0) + match[0].length });
  }
  const before = text.slice(offset, marks[0]?.start ?? text.length);
  const optionNames = leaf.map((d) => d.name).join(", ") || "none";
  if (before.trim()) {
    parsed.errors.push(
      `"${before.trim()}" is not an option of ${parsed.label} (options: ${optionNames}); type name:value`,
    );
  }
  parsed.typing = {
    kind: "option",
    prefix: before.trimStart(),
    start: offset + (before.length - before.trimStart().length),
  };

  for (const [i, mark] of marks.entries()) {
    const end = marks[i + 1]?.start ?? text.length;
    const raw = text.slice(mark.valueStart, end);
    const value = unquote(raw.trim());
    if (parsed.options.some((o) => o.name === mark.def.name)) {
      parsed.errors.push(`${mark.def.name} is given twice`);
    } else if (mark.def.type === ATTACHMENT) {
      parsed.errors.push(`${mark.def.name} is a file: attach it with the file picker`);
    } else {
      const converted = convert(mark.def, value, resolve);
      if ("error" in converted) parsed.errors.push(`${mark.def.name}: ${converted.error}`);
      else parsed.options.push({ name: mark.def.name, type: mark.def.type, value: converted.value });
    }
    if (i === marks.length - 1) parsed.typing = typingAfterValue(text, mark, raw, parsed);
  }
}

/**
 * What the end of the line is: still the last value, or (after a space) the next option's name.
 * @param {string} text
 * @param {{ def: OptionDef, valueStart: number }} mark
 * @param {string} raw
 * @param {Parsed} parsed
 * @returns {Typing}
 */
function typingAfterValue(text, mark, raw, parsed) {
  const start = mark.valueStart + (raw.length - raw.trimStart().length);
  const given = new Set(parsed.options.map((o) => o.name));
  const remaining = (parsed.leaf ?? []).filter((d) => !given.has(d.name) && d.name !== mark.def.name);
  if (raw.trim() && /\s$/.test(raw)) return { kind: "option", prefix: "", start: text.length };
  // "namespace:shop po": probably starting the next option, not a value with a space.
  const tail = /^(.*\S)\s+(\S+)$/.exec(raw.trim());
  const word = tail?.[2] ?? "";
  if (tail && !word.includes(":") && remaining.some((d) => d.name.startsWith(word))) {
    return { kind: "option", prefix: word, start: text.length - word.length };
  }
  return { kind: "value", option: mark.def, text: raw.trim(), start };
}

/** @param {string} value */
function unquote(value) {
  const quoted = /^(["'])(.*)\1$/s.exec(value);
  return quoted ? (quoted[2] ?? "") : value;
}

/**
 * A typed value as Discord would send it for the option's type.
 * @param {OptionDef} def
 * @param {string} text
 * @param {Resolvers} resolve
 * @returns {{ value: string | number | boolean } | { error: string }}
 */
export function convert(def, text, resolve) {
  if (!text) return { error: "needs a value" };
  if (def.choices?.length) {
    const choice = def.choices.find(
      (c) => c.name.toLowerCase() === text.toLowerCase() || String(c.value) === text,
    );
    if (!choice) return { error: `must be one of ${def.choices.map((c) => c.name).join(", ")}` };
    return { value: choice.value };
  }
  switch (def.type) {
    case 3: {
      if (def.min_length !== undefined && text.length < def.min_length)
        return { error: `at least ${def.min_length} characters` };
      if (def.max_length !== undefined && text.length > def.max_length)
        return { error: `at most ${def.max_length} characters` };
      return { value: text };
    }
    case 4:
    case 10: {
      const number = Number(text);
      if (!/^[-+]?\d+(\.\d+)?$/.test(text) || (def.type === 4 && !Number.isInteger(number)))
        return { error: def.type === 4 ? "must be a whole number" : "must be a number" };
      if (def.min_value !== undefined && number < def.min_value)
        return { error: `at least ${def.min_value}` };
      if (def.max_value !== undefined && number > def.max_value) return { error: `at most ${def.max_value}` };
      return { value: number };
    }
    case 5: {
      const yes = ["true", "yes", "y", "1", "on"].includes(text.toLowerCase());
      const no = ["false", "no", "n", "0", "off"].includes(text.toLowerCase());
      return yes || no ? { value: yes } : { error: "must be true or false" };
    }
    case 6:
    case 9: {
      const id = resolve.user?.(text.replace(/^<@!?(\d+)>$/, "$1").replace(/^@/, ""));
      return id ? { value: id } : { error: `no member "${text}" here` };
    }
    case 7: {
      const id = resolve.channel?.(text.replace(/^<#(\d+)>$/, "$1").replace(/^#/, ""));
      return id ? { value: id } : { error: `no channel "${text}" here` };
    }
    default:
      return /^\d{1,20}$/.test(text) ? { value: text } : { error: "must be an id" };
  }
}

/**
 * Options the person still has to give (attachments included: the page asks for those as files).
 * @param {Parsed} parsed
 * @param {Set<string>} attached names of attachment options with a file picked
 */
export function missingOptions(parsed, attached) {
  return (parsed.leaf ?? []).filter(
    (d) =>
      d.required &&
      !parsed.options.some((o) => o.name === d.name) &&
      !(d.type === ATTACHMENT && attached.has(d.name)),
  );
}

/**
 * What the popup above the composer offers for the current line; `text` is the line after picking it.
 * @param {string} text
 * @param {Parsed} parsed
 * @param {CommandDef[]} commands
 * @returns {Suggestion[]}
 */
export function suggestions(text, parsed, commands) {
  const typing = parsed.typing;
  const at = (/** @type {string} */ insert) => text.slice(0, typing.start) + insert;
  switch (typing.kind) {
    case "command":
      return commands
        .filter((c) => c.name.startsWith(typing.prefix))
        .map((c) => ({ label: `/${c.name}`, description: c.description, text: `/${c.name} ` }));
    case "subcommand":
      return typing.choices
        .filter((d) => d.name.startsWith(typing.prefix.toLowerCase()))
        .map((d) => ({ label: d.name, description: d.description ?? "", text: at(`${d.name} `) }));
    case "option": {
      const given = new Set(parsed.options.map((o) => o.name));
      return (parsed.leaf ?? [])
        .filter((d) => d.type !== ATTACHMENT && !given.has(d.name) && d.name.startsWith(typing.prefix))
        .sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)))
        .map((d) => ({
          label: `${d.name}:`,
          description: `${d.description ?? ""}${d.required ? " (required)" : ""}`,
          text: at(`${d.name}:`),
        }));
    }
    case "value":
      return choiceSuggestions(text, typing, typing.option.choices ?? []);
  }
}

/**
 * Choices for the value being typed (the option's own, or the bot's autocomplete answer).
 * @param {string} text
 * @param {Typing} typing
 * @param {Choice[]} choices
 * @param {boolean} [filter] false for the bot's answer (it already matched what was typed)
 * @returns {Suggestion[]}
 */
export function choiceSuggestions(text, typing, choices, filter = true) {
  const typed = typing.kind === "value" && filter ? typing.text.toLowerCase() : "";
  return choices
    .filter((c) => c.name.toLowerCase().startsWith(typed) || String(c.value).toLowerCase().startsWith(typed))
    .slice(0, 25)
    .map((c) => ({ label: c.name, description: "", text: `${text.slice(0, typing.start)}${c.value} ` }));
}
