import { AppError } from "@clustercord/contracts";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import Ajv2019 from "ajv/dist/2019";
import Ajv2020 from "ajv/dist/2020";
import { formatValuesPath, isPlainObject } from "./paths";

export interface ValuesProblem {
  /** `service.port`, `ingress.hosts[0].host`, or `(top level)`. */
  path: string;
  message: string;
}

/** How many problems a refusal lists before "and N more". */
const SHOWN_PROBLEMS = 5;

const ajvOptions = { allErrors: true, strict: false, logger: false } as const;
const ajvDraft07 = new Ajv(ajvOptions);
const ajv2019 = new Ajv2019(ajvOptions);
const ajv2020 = new Ajv2020(ajvOptions);

/** Compiled per schema object: the same chart's schema is checked on every plan. */
const compiled = new WeakMap<object, ValidateFunction>();

function compile(schema: object): ValidateFunction {
  const cached = compiled.get(schema);
  if (cached) return cached;
  const dialect = String((schema as { $schema?: unknown }).$schema ?? "");
  // Charts name draft-04/06/07 or newer; ajv's default covers 04-07 closely enough once `$schema` is dropped.
  const ajv = dialect.includes("2020-12") ? ajv2020 : dialect.includes("2019-09") ? ajv2019 : ajvDraft07;
  const { $schema: _dialect, ...rest } = schema as Record<string, unknown>;
  let validate: ValidateFunction;
  try {
    validate = ajv === ajvDraft07 ? ajv.compile(rest) : ajv.compile(schema);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError("BAD_REQUEST", {
      userMessage: `the chart's values.schema.json is not valid: ${reason.slice(0, 300)}`,
    });
  } finally {
    // Schemas with an $id are registered on compile; forget them so another chart's same $id compiles.
    ajv.removeSchema();
  }
  compiled.set(schema, validate);
  return validate;
}

/** `/ingress/hosts/0/host` against the values -> ["ingress", "hosts", 0, "host"]. */
function pathSegments(instancePath: string, values: unknown): (string | number)[] {
  const segments: (string | number)[] = [];
  let here: unknown = values;
  for (const raw of instancePath.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(here)) {
      segments.push(Number(key));
      here = here[Number(key)];
    } else {
      segments.push(key);
      here = isPlainObject(here) ? here[key] : undefined;
    }
  }
  return segments;
}

function toProblem(error: ErrorObject, values: unknown): ValuesProblem {
  const segments = pathSegments(error.instancePath, values);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required" && typeof params.missingProperty === "string") {
    return { path: formatValuesPath([...segments, params.missingProperty]), message: "is required" };
  }
  if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    return {
      path: formatValuesPath([...segments, params.additionalProperty]),
      message: "is not allowed (the chart's schema does not list it)",
    };
  }
  if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
    const allowed = params.allowedValues.map((v) => JSON.stringify(v)).join(", ");
    return { path: formatValuesPath(segments), message: `must be one of ${allowed.slice(0, 200)}` };
  }
  return { path: formatValuesPath(segments), message: error.message ?? `fails ${error.keyword}` };
}

/** The values' problems against a chart's values.schema.json; [] when they fit. Messages quote the schema, never the values. */
export function validateValues(values: unknown, schema: object): ValuesProblem[] {
  const validate = compile(schema);
  if (validate(values)) return [];
  const problems = (validate.errors ?? []).map((error) => toProblem(error, values));
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Throws BAD_REQUEST naming the first few problems when the values do not fit the schema. */
export function assertValidValues(values: unknown, schema: object): void {
  const problems = validateValues(values, schema);
  if (problems.length === 0) return;
  const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `${p.path}: ${p.message}`);
  const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : "";
  throw new AppError("BAD_REQUEST", {
    userMessage: `values do not match the chart's values.schema.json: ${shown.join("; ")}${more}`,
  });
}
