import { RotateShape, SecretKeyName, type SecretsRotateSpec } from "@clustercord/contracts";
import type { InteractionEditReplyOptions } from "discord.js";
import type { ApiClient } from "../api-client";
import { renderRotated, renderRotatePlan } from "../render/secrets";
import { UserError } from "../user-error";
import { argsOnMessage, assertAsker, cancelButton, confirmRow } from "./cluster/confirm";
import { CUSTOM_ID_MAX, customId } from "./cluster/custom-id";
import type { ClusterSubcommand } from "./cluster/types";
import { secretNamed, withSecretName } from "./secret-options";
import type { ButtonHandler } from "./types";

/**
 * `/secret rotate name: [keys:] [shape:] [length:] [restart:]`:
 * secrets.planRotate, shown with Confirm/Cancel; Confirm calls secrets.rotate
 * with the same spec and the plan's token. Confirm carries the token; the
 * spec travels in Cancel's id (100 characters in all), as for /job delete.
 * New values are generated in the API and never shown.
 */
const CONFIRM = "sec-rot-ok";
const CANCEL = "sec-rot-no";
export const ROTATE_OUT_OF_DATE = "That button is out of date; run /secret rotate again.";
/** `keys:` left out but a shape or length given: every key of the secret, resolved when the spec is built. */
const ALL_KEYS = "*";

/** What the buttons carry: the secret, which keys (or all), the shape, the length, whether to restart. */
export interface RotateRef {
  name: string;
  keys: string[] | typeof ALL_KEYS | null;
  shape: RotateShape;
  length: number | null;
  restart: boolean;
}

const SHAPE_LETTER: Record<RotateShape, string> = { password: "p", token: "t", hex: "h", base64: "b" };

export const rotateArgs = (ref: RotateRef) => [
  ref.name,
  SHAPE_LETTER[ref.shape],
  ref.length === null ? "-" : String(ref.length),
  ref.restart ? "1" : "0",
  ref.keys === null ? "" : ref.keys === ALL_KEYS ? ALL_KEYS : ref.keys.join(","),
];

export function rotateRefFrom(args: readonly string[]): RotateRef | null {
  const [name = "", letter = "", len = "", restart = "", keys = ""] = args;
  const shape = RotateShape.options.find((s) => SHAPE_LETTER[s] === letter);
  const length = len === "-" ? null : Number(len);
  if (!name || !shape || (length !== null && !Number.isInteger(length)) || !/^[01]$/.test(restart))
    return null;
  return {
    name,
    shape,
    length,
    restart: restart === "1",
    keys: keys === "" ? null : keys === ALL_KEYS ? ALL_KEYS : keys.split(","),
  };
}

/** Key names typed as "a, b c": split on commas and spaces, duplicates dropped. */
export function typedKeys(text: string | null): string[] {
  const keys = [...new Set((text ?? "").split(/[\s,]+/).filter(Boolean))];
  for (const key of keys) {
    const valid = SecretKeyName.safeParse(key);
    if (!valid.success) throw new UserError(`keys: ${key.slice(0, 100)}: ${valid.error.issues[0]?.message}.`);
  }
  return keys;
}

/** The spec secrets.planRotate and secrets.rotate both get (the token binds the plan to it). */
async function specOf(api: ApiClient, ref: RotateRef): Promise<SecretsRotateSpec> {
  const base = { name: ref.name, restartDeployments: ref.restart };
  if (ref.keys === null) return { ...base, generate: [] };
  const keys = ref.keys === ALL_KEYS ? (await secretNamed(api, ref.name)).keys : ref.keys;
  const length = ref.length ?? undefined;
  return { ...base, generate: keys.map((key) => ({ key, shape: ref.shape, ...(length ? { length } : {}) })) };
}

export const rotateSubcommand: ClusterSubcommand = {
  name: "rotate",
  description: "Generate new values for a secret's keys, re-apply it, optionally restart what uses it",
  options: (sub) =>
    withSecretName(sub)
      .addStringOption((o) =>
        o.setName("keys").setDescription("Which keys, comma-separated (default: all)").setMaxLength(1000),
      )
      .addStringOption((o) =>
        o
          .setName("shape")
          .setDescription("What new values look like (default: password)")
          .addChoices(...RotateShape.options.map((s) => ({ name: s, value: s }))),
      )
      .addIntegerOption((o) =>
        o
          .setName("length")
          .setDescription("Length of each new value (default: 32)")
          .setMinValue(8)
          .setMaxValue(512),
      )
      .addBooleanOption((o) =>
        o.setName("restart").setDescription("Restart the Deployments that use the secret (default: no)"),
      ),
  async execute({ interaction, api }) {
    const { options } = interaction;
    const keys = typedKeys(options.getString("keys"));
    const shape = (options.getString("shape") ?? "password") as RotateShape;
    const length = options.getInteger("length");
    const ref: RotateRef = {
      name: options.getString("name", true).trim(),
      keys: keys.length ? keys : options.getString("shape") || length !== null ? ALL_KEYS : null,
      shape,
      length,
      restart: options.getBoolean("restart") ?? false,
    };
    const cancelId = [CANCEL, ...rotateArgs(ref)].join(":");
    if (cancelId.length > CUSTOM_ID_MAX) {
      throw new UserError(
        "The secret's name and keys are too long for Discord's buttons; name fewer keys, or rotate on the web's Secrets page.",
      );
    }
    const plan = await api.secrets.planRotate.mutate(await specOf(api, ref));
    return {
      embeds: [renderRotatePlan(plan)],
      components: [
        confirmRow(
          customId(CONFIRM, plan.confirmToken),
          `Rotate ${ref.name}`,
          customId(CANCEL, ...rotateArgs(ref)),
        ),
      ],
    };
  },
};

/** Confirm: secrets.rotate as the person who planned it (the API re-checks the token and the role). */
export const rotateConfirmButton: ButtonHandler = {
  prefix: CONFIRM,
  async execute({ interaction, api, args }): Promise<InteractionEditReplyOptions> {
    assertAsker(interaction);
    const cancelArgs = argsOnMessage(interaction, CANCEL);
    const ref = cancelArgs ? rotateRefFrom(cancelArgs) : null;
    if (!ref) throw new UserError(ROTATE_OUT_OF_DATE);
    const out = await api.secrets.rotate.mutate({ ...(await specOf(api, ref)), confirmToken: args[0] ?? "" });
    return { embeds: [renderRotated(out)], components: [] };
  },
};

export const rotateButtons: readonly ButtonHandler[] = [rotateConfirmButton, cancelButton(CANCEL)];
