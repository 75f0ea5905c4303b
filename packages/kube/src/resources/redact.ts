import { type KubeObject, slim } from "../cache/reduce";
import { type Obj, obj, SECRET_SIZES } from "./rows";

/**
 * What a Secret is cached and shown as: its keys and value sizes, never its
 * values (data, stringData and the last-applied annotation are dropped
 * before the object is stored).
 */
export function redactSecret<T extends KubeObject>(secret: T): T {
  const { data, stringData, ...rest } = slim(secret) as unknown as Obj;
  const sizes: Record<string, number> = {};
  for (const [key, value] of Object.entries(obj(data))) {
    // base64: 4 characters carry 3 bytes, minus padding.
    const text = typeof value === "string" ? value : "";
    sizes[key] = Math.floor((text.length * 3) / 4) - (text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0);
  }
  for (const [key, value] of Object.entries(obj(stringData))) {
    sizes[key] = Buffer.byteLength(typeof value === "string" ? value : "");
  }
  return { ...rest, [SECRET_SIZES]: sizes } as unknown as T;
}
