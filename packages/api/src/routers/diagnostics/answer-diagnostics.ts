import { DiagnosticsAnswerInput, DiagnosticsAnswerOutput } from "@clustercord/contracts";
import { readAnswer } from "../../services/diagnostics-ai";
import { guildProcedure } from "../../trpc";

/** The AI answer's text after `after` characters, as it streams in; only the asker may read it. */
export const answerDiagnosticsProcedure = guildProcedure
  .meta({ rateLimit: "poll" })
  .input(DiagnosticsAnswerInput)
  .output(DiagnosticsAnswerOutput)
  .query(({ ctx, input }) => readAnswer(ctx, ctx.actor, input));
