import { describe, expect, it } from "vitest";
import {
  type CommandDef,
  choiceSuggestions,
  missingOptions,
  parseCommandLine,
  suggestions,
} from "../src/discord/demo-client/parse.js";

// Definitions shaped like the worker's (subcommands, a group, typed and autocompleted options).
const commands: CommandDef[] = [
  { name: "whoami", description: "Who am I" },
  {
    name: "pods",
    description: "List pods",
    options: [
      { name: "cluster", type: 3, description: "Cluster", required: true, autocomplete: true },
      { name: "namespace", type: 3, description: "Namespace", autocomplete: true },
      { name: "all", type: 5, description: "Every namespace" },
    ],
  },
  {
    name: "audit",
    description: "Audit log",
    options: [{ name: "limit", type: 4, description: "How many", min_value: 1, max_value: 25 }],
  },
  {
    name: "cluster",
    description: "Clusters",
    options: [
      { name: "list", type: 1, description: "List" },
      {
        name: "add",
        type: 1,
        description: "Add",
        options: [
          { name: "name", type: 3, description: "Name", required: true },
          { name: "kubeconfig", type: 11, description: "File", required: true },
          { name: "shared", type: 5, description: "Shared", required: true },
        ],
      },
      {
        name: "config",
        type: 2,
        description: "Settings",
        options: [
          {
            name: "set",
            type: 1,
            description: "Set",
            options: [
              {
                name: "mode",
                type: 3,
                description: "Mode",
                choices: [
                  { name: "Fast", value: "fast" },
                  { name: "Safe", value: "safe" },
                ],
              },
              { name: "owner", type: 6, description: "Owner" },
            ],
          },
        ],
      },
    ],
  },
];

const resolvers = { user: (text: string) => (text === "bob" ? "100000000000000002" : undefined) };
const parse = (text: string) => parseCommandLine(text, commands, resolvers);

describe("reading a typed slash command", () => {
  it("is not a command without a leading slash", () => {
    expect(parse("hello")).toBeNull();
  });

  it("reads a command without options", () => {
    expect(parse("/whoami")).toMatchObject({ label: "/whoami", options: [], errors: [] });
  });

  it("reads subcommands and typed options, a value running until the next option", () => {
    expect(parse("/cluster list")).toMatchObject({ subcommand: "list", label: "/cluster list", errors: [] });
    const add = parse("/cluster add name:my prod shared:yes");
    expect(add?.errors).toEqual([]);
    expect(add?.options).toEqual([
      { name: "name", type: 3, value: "my prod" },
      { name: "shared", type: 5, value: true },
    ]);
    expect(parse("/audit limit:5")?.options).toEqual([{ name: "limit", type: 4, value: 5 }]);
    expect(parse('/pods cluster:"a b" namespace:shop')?.options).toEqual([
      { name: "cluster", type: 3, value: "a b" },
      { name: "namespace", type: 3, value: "shop" },
    ]);
  });

  it("reads a subcommand inside a group, static choices and user options", () => {
    const set = parse("/cluster config set mode:Safe owner:bob");
    expect(set).toMatchObject({ group: "config", subcommand: "set", errors: [] });
    expect(set?.options).toEqual([
      { name: "mode", type: 3, value: "safe" },
      { name: "owner", type: 6, value: "100000000000000002" },
    ]);
  });

  it("names what is wrong, as Discord's client would refuse to send it", () => {
    expect(parse("/nope")?.errors).toEqual(["There is no command /nope"]);
    expect(parse("/cluster")?.errors).toEqual(["/cluster needs a subcommand (one of: list, add, config)"]);
    expect(parse("/cluster drop x")?.errors).toEqual([
      '/cluster has no subcommand "drop" (one of: list, add, config)',
    ]);
    expect(parse("/audit limit:ten")?.errors).toEqual(["limit: must be a whole number"]);
    expect(parse("/audit limit:99")?.errors).toEqual(["limit: at most 25"]);
    expect(parse("/audit verbose")?.errors).toEqual([
      '"verbose" is not an option of /audit (options: limit); type name:value',
    ]);
    expect(parse("/cluster config set mode:turbo")?.errors).toEqual(["mode: must be one of Fast, Safe"]);
    expect(parse("/cluster add kubeconfig:x")?.errors).toEqual([
      "kubeconfig is a file: attach it with the file picker",
    ]);
  });

  it("lists required options still missing, counting picked files", () => {
    const add = parse("/cluster add name:x");
    if (!add) throw new Error("not parsed");
    expect(missingOptions(add, new Set()).map((d) => d.name)).toEqual(["kubeconfig", "shared"]);
    expect(missingOptions(add, new Set(["kubeconfig"])).map((d) => d.name)).toEqual(["shared"]);
  });
});

describe("the suggestions popup", () => {
  const offered = (text: string) => {
    const parsed = parse(text);
    if (!parsed) throw new Error("not parsed");
    return suggestions(text, parsed, commands);
  };

  it("offers commands, then subcommands, then the options not given yet (required first)", () => {
    expect(offered("/").map((s) => s.label)).toEqual(["/whoami", "/pods", "/audit", "/cluster"]);
    expect(offered("/p")).toEqual([{ label: "/pods", description: "List pods", text: "/pods " }]);
    expect(offered("/cluster a").map((s) => s.text)).toEqual(["/cluster add "]);
    expect(offered("/cluster add ").map((s) => s.label)).toEqual(["name:", "shared:"]);
    expect(offered("/pods cluster:local ").map((s) => s.text)).toEqual([
      "/pods cluster:local namespace:",
      "/pods cluster:local all:",
    ]);
    expect(offered("/pods cluster:local na").map((s) => s.text)).toEqual(["/pods cluster:local namespace:"]);
  });

  it("offers an option's static choices, and marks an autocompleted value for the bot", () => {
    expect(offered("/cluster config set mode:s").map((s) => s.text)).toEqual([
      "/cluster config set mode:safe ",
    ]);
    const parsed = parse("/pods cluster:loc");
    expect(parsed?.typing).toMatchObject({ kind: "value", text: "loc", option: { name: "cluster" } });
    if (!parsed) throw new Error("not parsed");
    // The bot's answer is shown as it came (the bot matched the text itself).
    expect(
      choiceSuggestions("/pods cluster:loc", parsed.typing, [{ name: "Local", value: "local" }], false),
    ).toEqual([{ label: "Local", description: "", text: "/pods cluster:local " }]);
  });
});
