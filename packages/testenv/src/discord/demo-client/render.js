// @ts-check
// Draws a bot message as Discord does: the command it answers, content,
// embeds, components, attachments, the ephemeral mark. Built with DOM nodes
// and textContent only, so nothing the bot sends is ever parsed as HTML.

/**
 * @typedef {{ label: string, user: string }} CommandRef
 * @typedef {{ filename: string, size: number, url: string, contentType: string | null }} Attachment
 * @typedef {Record<string, any>} Json
 * @typedef {{
 *   id: string, timestamp: string, edited: boolean, author: string, content: string,
 *   embeds: Json[], components: Json[], attachments: Attachment[], ephemeral: boolean,
 *   loading: boolean, command: CommandRef | null
 * }} DemoMessage
 * @typedef {{
 *   click: (message: DemoMessage, customId: string) => void,
 *   select: (message: DemoMessage, customId: string, values: string[]) => void,
 *   dismiss: (message: DemoMessage) => void,
 *   mention: (id: string) => string,
 * }} Handlers
 */

const BUTTON_STYLES = { 1: "primary", 2: "secondary", 3: "success", 4: "danger", 5: "link", 6: "premium" };

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {number} seconds @param {string} style */
function discordTime(seconds, style) {
  const date = new Date(seconds * 1000);
  if (style === "R") {
    const diff = Math.round((date.getTime() - Date.now()) / 1000);
    const units = /** @type {const} */ ([
      ["day", 86400],
      ["hour", 3600],
      ["minute", 60],
      ["second", 1],
    ]);
    const [unit, size] = units.find(([, s]) => Math.abs(diff) >= s) ?? ["second", 1];
    return new Intl.RelativeTimeFormat("en", { numeric: "auto" }).format(Math.round(diff / size), unit);
  }
  if (style === "t" || style === "T") return date.toLocaleTimeString();
  if (style === "d" || style === "D") return date.toLocaleDateString();
  return date.toLocaleString();
}

const INLINE =
  /`([^`]+)`|\*\*(.+?)\*\*|__(.+?)__|\*([^*\s][^*]*?)\*|~~(.+?)~~|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)|<t:(-?\d+)(?::([tTdDfFR]))?>|<@!?(\d+)>|<#(\d+)>|(https?:\/\/[^\s<>]+)/g;

/**
 * Discord's markdown (the parts bots use): code, bold, italics, links, timestamps, mentions.
 * @param {string} text
 * @param {Handlers} handlers
 * @returns {DocumentFragment}
 */
export function markdown(text, handlers) {
  const out = document.createDocumentFragment();
  const blocks = text.split(/```(?:[\w-]*\n)?([\s\S]*?)```/g);
  for (const [i, part] of blocks.entries()) {
    if (i % 2 === 1) {
      out.append(el("pre", "codeblock", part.replace(/\n$/, "")));
      continue;
    }
    for (const [n, line] of part.split("\n").entries()) {
      if (n > 0) out.append(document.createElement("br"));
      const quote = /^> (.*)$/.exec(line);
      const heading = /^(#{1,3}) (.*)$/.exec(line);
      if (quote) {
        const q = el("span", "quote");
        q.append(inline(quote[1] ?? "", handlers));
        out.append(q);
      } else if (heading) {
        const h = el("strong", `heading h${heading[1]?.length}`);
        h.append(inline(heading[2] ?? "", handlers));
        out.append(h);
      } else {
        out.append(inline(line, handlers));
      }
    }
  }
  return out;
}

/** @param {string} text @param {Handlers} handlers @returns {DocumentFragment} */
function inline(text, handlers) {
  const out = document.createDocumentFragment();
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const index = m.index ?? 0;
    out.append(text.slice(last, index));
    last = index + m[0].length;
    /** @param {keyof HTMLElementTagNameMap} tag @param {string} inner */
    const wrap = (tag, inner) => {
      const node = el(tag);
      node.append(inline(inner, handlers));
      return node;
    };
    if (m[1] !== undefined) out.append(el("code", "inline-code", m[1]));
    else if (m[2] !== undefined) out.append(wrap("strong", m[2]));
    else if (m[3] !== undefined) out.append(wrap("u", m[3]));
    else if (m[4] !== undefined) out.append(wrap("em", m[4]));
    else if (m[5] !== undefined) out.append(wrap("s", m[5]));
    else if (m[6] !== undefined) out.append(link(m[6], m[7] ?? ""));
    else if (m[8] !== undefined) {
      const time = el("time", "timestamp", discordTime(Number(m[8]), m[9] ?? "f"));
      time.dateTime = new Date(Number(m[8]) * 1000).toISOString();
      out.append(time);
    } else if (m[10] !== undefined) out.append(el("span", "mention", `@${handlers.mention(m[10])}`));
    else if (m[11] !== undefined) out.append(el("span", "mention", `#${handlers.mention(m[11])}`));
    else if (m[12] !== undefined) out.append(link(m[12], m[12]));
  }
  out.append(text.slice(last));
  return out;
}

/** @param {string} label @param {string} href */
function link(label, href) {
  const a = el("a", "link", label);
  a.href = href;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  return a;
}

/** @param {number} bytes */
function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** @param {Json} embed @param {Handlers} handlers */
function renderEmbed(embed, handlers) {
  const box = el("article", "embed");
  if (typeof embed.color === "number")
    box.style.borderLeftColor = `#${embed.color.toString(16).padStart(6, "0")}`;
  if (embed.author?.name) box.append(el("div", "embed-author", embed.author.name));
  if (embed.title) {
    const title = el("h3", "embed-title");
    if (typeof embed.url === "string" && /^https?:\/\//.test(embed.url))
      title.append(link(embed.title, embed.url));
    else title.append(inline(embed.title, handlers));
    box.append(title);
  }
  if (embed.description) {
    const description = el("div", "embed-description");
    description.append(markdown(embed.description, handlers));
    box.append(description);
  }
  if (Array.isArray(embed.fields) && embed.fields.length) {
    const fields = el("dl", "embed-fields");
    for (const field of embed.fields) {
      const item = el("div", field.inline ? "embed-field inline" : "embed-field");
      const name = el("dt");
      name.append(inline(String(field.name), handlers));
      const value = el("dd");
      value.append(markdown(String(field.value), handlers));
      item.append(name, value);
      fields.append(item);
    }
    box.append(fields);
  }
  const footer = [embed.footer?.text, embed.timestamp ? new Date(embed.timestamp).toLocaleString() : null]
    .filter(Boolean)
    .join(" • ");
  if (footer) box.append(el("footer", "embed-footer", footer));
  return box;
}

/** @param {DemoMessage} message @param {Json} component @param {Handlers} handlers */
function renderComponent(message, component, handlers) {
  if (component.type === 2) {
    const label = [component.emoji?.name, component.label].filter(Boolean).join(" ");
    const style = BUTTON_STYLES[/** @type {keyof typeof BUTTON_STYLES} */ (component.style)] ?? "secondary";
    if (component.style === 5 && typeof component.url === "string" && /^https?:\/\//.test(component.url)) {
      const a = link(`${label} ↗`, component.url);
      a.className = `button button-${style}`;
      return a;
    }
    const button = el("button", `button button-${style}`, label);
    button.type = "button";
    button.disabled = component.disabled === true;
    button.addEventListener("click", () => {
      button.disabled = true;
      handlers.click(message, String(component.custom_id));
    });
    return button;
  }
  if (component.type === 3) {
    const select = el("select", "select-menu");
    select.multiple = Number(component.max_values ?? 1) > 1;
    select.disabled = component.disabled === true;
    select.setAttribute("aria-label", component.placeholder ?? "Make a selection");
    if (!select.multiple) {
      const placeholder = el("option", undefined, component.placeholder ?? "Make a selection");
      placeholder.disabled = true;
      placeholder.selected = true;
      placeholder.value = "";
      select.append(placeholder);
    }
    for (const option of component.options ?? []) {
      const item = el("option", undefined, option.label);
      item.value = option.value;
      if (option.description) item.title = option.description;
      select.append(item);
    }
    const send = () => {
      const values = [...select.selectedOptions].map((o) => o.value).filter(Boolean);
      if (values.length) handlers.select(message, String(component.custom_id), values);
    };
    if (!select.multiple) {
      select.addEventListener("change", send);
      return select;
    }
    const wrap = el("div", "select-multi");
    const apply = el("button", "button button-secondary", "Choose");
    apply.type = "button";
    apply.addEventListener("click", send);
    wrap.append(select, apply);
    return wrap;
  }
  // User, role, mentionable and channel pickers: shown, not usable here.
  const other = el("span", "unsupported", `(component type ${component.type} is not shown in the demo)`);
  return other;
}

/**
 * @param {DemoMessage} message
 * @param {Handlers} handlers
 * @returns {HTMLLIElement}
 */
export function renderMessage(message, handlers) {
  const item = el("li", message.ephemeral ? "message ephemeral" : "message");
  item.dataset.messageId = message.id;
  if (message.command) {
    const ref = el("div", "command-ref");
    ref.append(el("span", "command-user", message.command.user), " used ");
    ref.append(el("span", "command-name", message.command.label));
    item.append(ref);
  }
  const avatar = el("span", "avatar", message.author.slice(0, 1).toUpperCase());
  avatar.setAttribute("aria-hidden", "true");
  const header = el("div", "message-header");
  header.append(el("span", "author", message.author), el("span", "app-tag", "APP"));
  const time = el("time", "sent-at", new Date(message.timestamp).toLocaleTimeString());
  time.dateTime = message.timestamp;
  header.append(time);
  // Discord marks edits of a channel message; a command's reply being filled in or updated is not one.
  if (message.edited && !message.command) header.append(el("span", "edited", "(edited)"));
  item.append(avatar, header);

  const body = el("div", "message-body");
  if (message.loading) body.append(el("div", "thinking", `${message.author} is thinking…`));
  if (message.content) {
    const content = el("div", "content");
    content.append(markdown(message.content, handlers));
    body.append(content);
  }
  for (const embed of message.embeds) body.append(renderEmbed(embed, handlers));
  for (const attachment of message.attachments) {
    const a = el("a", "attachment");
    a.href = attachment.url;
    a.download = attachment.filename;
    a.append(
      el("span", "attachment-name", attachment.filename),
      el("span", "attachment-size", size(attachment.size)),
    );
    body.append(a);
    if (attachment.contentType?.startsWith("image/")) {
      const img = el("img", "attachment-image");
      img.src = attachment.url;
      img.alt = attachment.filename;
      body.append(img);
    }
  }
  for (const row of message.components) {
    const rowEl = el("div", "action-row");
    const children = row.type === 1 ? (row.components ?? []) : [row];
    for (const component of children) rowEl.append(renderComponent(message, component, handlers));
    body.append(rowEl);
  }
  if (message.ephemeral) {
    const note = el("div", "ephemeral-note");
    note.append(el("span", undefined, "👁 Only you can see this • "));
    const dismiss = el("button", "link-button", "Dismiss message");
    dismiss.type = "button";
    dismiss.addEventListener("click", () => handlers.dismiss(message));
    note.append(dismiss);
    body.append(note);
  }
  item.append(body);
  return item;
}
