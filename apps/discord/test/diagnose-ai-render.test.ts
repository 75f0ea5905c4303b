import type { APIEmbed } from "discord.js";
import { describe, expect, it } from "vitest";
import { AI_LABEL, embedSize, renderAiAnswer } from "../src/render/diagnostics-ai";
import { embedLimits } from "../src/render/style";

const small: APIEmbed = { title: "Diagnosis of Deployment payments", description: "1 finding" };

describe("the AI answer embed", () => {
  it("is labelled AI-generated, says it is writing while the answer grows, and not once done", () => {
    const writing = renderAiAnswer(
      { model: "llama3.1", text: "The container ", done: false, error: null },
      small,
    );
    expect(writing.footer?.text).toBe(`${AI_LABEL} Model: llama3.1`);
    expect(writing.description).toBe("The container\n\n✍️ writing…");
    const done = renderAiAnswer(
      { model: "llama3.1", text: "The container ran out of memory.", done: true, error: null },
      small,
    );
    expect(done.description).toBe("The container ran out of memory.");
  });

  it("shows the error it stopped on, and escapes markdown so the model cannot format mentions or links", () => {
    const failed = renderAiAnswer(
      { model: "m", text: "*Partial*", done: true, error: "The AI model API answered HTTP 500." },
      small,
    );
    expect(failed.description).toBe("\\*Partial\\*\n\n⚠️ The AI model API answered HTTP 500.");
  });

  it("fits beside a long diagnosis within Discord's 6,000 characters per message", () => {
    const long: APIEmbed = {
      title: "Diagnosis",
      fields: Array.from({ length: 5 }, (_, i) => ({ name: `finding ${i}`, value: "x".repeat(1000) })),
    };
    const answer = renderAiAnswer({ model: "m", text: "word ".repeat(2000), done: false, error: null }, long);
    expect(embedSize(long) + embedSize(answer)).toBeLessThanOrEqual(embedLimits.total);
    expect(answer.description?.endsWith("✍️ writing…")).toBe(true);
    expect(embedSize(answer)).toBeGreaterThan(300);
  });
});
