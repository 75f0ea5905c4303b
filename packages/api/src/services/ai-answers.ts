import { randomUUID } from "node:crypto";

/** One streamed answer: its text grows until done. */
export interface StoredAnswer {
  id: string;
  userId: string;
  guildId: string;
  model: string;
  text: string;
  done: boolean;
  error: string | null;
  expiresAt: number;
}

/** Kept this long after the ask: long enough to finish streaming and be read. */
const ANSWER_TTL_MS = 15 * 60_000;
/** At most this many answers per process; the oldest go first. */
const MAX_ANSWERS = 1_000;

/**
 * The answers of one API process, in memory: an answer is read by polling
 * the process that asked the model (one web process in the embedded
 * default). Only the asker, in the guild they asked in, may read one.
 */
export class AnswerStore {
  private readonly byId = new Map<string, StoredAnswer>();

  create(owner: { userId: string; guildId: string }, model: string, now = Date.now()): StoredAnswer {
    for (const [id, a] of this.byId) if (a.expiresAt <= now) this.byId.delete(id);
    while (this.byId.size >= MAX_ANSWERS) {
      const oldest = this.byId.keys().next().value;
      if (oldest === undefined) break;
      this.byId.delete(oldest);
    }
    const answer: StoredAnswer = {
      id: randomUUID(),
      ...owner,
      model,
      text: "",
      done: false,
      error: null,
      expiresAt: now + ANSWER_TTL_MS,
    };
    this.byId.set(answer.id, answer);
    return answer;
  }

  /** The answer if `who` asked it and it has not expired; otherwise undefined (the same for all three). */
  get(id: string, who: { userId: string; guildId: string }, now = Date.now()): StoredAnswer | undefined {
    const a = this.byId.get(id);
    if (!a || a.expiresAt <= now || a.userId !== who.userId || a.guildId !== who.guildId) return undefined;
    return a;
  }
}
