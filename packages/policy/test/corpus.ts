import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PolicyKey } from "@clustercord/contracts";
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../src/index";

export const EXPECT_ANNOTATION = "policy.clustercord.io/expect-violations";
const dir = join(import.meta.dirname, "corpus");

export interface CorpusCase {
  file: string;
  object: KubeObject;
  /** The policies this manifest violates, as its annotation says. */
  expected: Set<PolicyKey>;
}

/** Every manifest of test/corpus with its hand-written verdicts. */
export function loadCorpus(): CorpusCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), "utf8")).map((doc) => {
        const object = doc.toJS() as KubeObject;
        const note = object.metadata?.annotations?.[EXPECT_ANNOTATION];
        if (note === undefined)
          throw new Error(`${file}: ${object.metadata?.name} has no ${EXPECT_ANNOTATION}`);
        const expected = new Set(note === "none" ? [] : note.split(",").map((k) => PolicyKey.parse(k)));
        return { file, object, expected };
      }),
    );
}
