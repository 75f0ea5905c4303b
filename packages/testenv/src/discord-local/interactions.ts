import { EventEmitter } from "node:events";

export interface ReplyPayload {
  content?: string;
  embeds?: Record<string, unknown>[];
  components?: unknown[];
  flags?: number;
  attachments?: { filename: string; size: number; content?: string }[];
  [key: string]: unknown;
}

export interface InteractionHandle {
  id: string;
  token: string;
  /** The bot's final visible answer: an immediate reply, or the edit after a deferral. */
  reply(timeoutMs?: number): Promise<ReplyPayload>;
  /** Every follow-up message sent so far. */
  followUps(): ReplyPayload[];
  /** Autocomplete choices, when the interaction was an autocomplete. */
  choices(): unknown[] | null;
}

/** What the bot did with one interaction, fed by the REST routes. */
export class InteractionRecord extends EventEmitter {
  deferred = false;
  original: ReplyPayload | null = null;
  readonly followUpList: ReplyPayload[] = [];
  autocomplete: unknown[] | null = null;

  constructor(
    readonly id: string,
    readonly token: string,
  ) {
    super();
  }

  callback(type: number, data: ReplyPayload | undefined) {
    if (type === 5 || type === 6) {
      this.deferred = true;
      if (data?.flags) this.original = null;
    } else if (type === 8) {
      this.autocomplete = (data?.choices as unknown[]) ?? [];
      this.emit("final");
    } else {
      this.original = data ?? {};
      this.emit("final");
    }
  }

  editOriginal(data: ReplyPayload) {
    this.original = { ...(this.original ?? {}), ...data };
    this.emit("final");
  }

  handle(): InteractionHandle {
    return {
      id: this.id,
      token: this.token,
      followUps: () => [...this.followUpList],
      choices: () => this.autocomplete,
      reply: (timeoutMs = 10_000) =>
        new Promise<ReplyPayload>((resolve, reject) => {
          if (this.original) return resolve(this.original);
          const timer = setTimeout(
            () => reject(new Error(`the bot did not answer interaction ${this.id} within ${timeoutMs} ms`)),
            timeoutMs,
          );
          this.once("final", () => {
            clearTimeout(timer);
            resolve(this.original ?? {});
          });
        }),
    };
  }
}
