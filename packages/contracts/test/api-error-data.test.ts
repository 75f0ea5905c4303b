import { describe, expect, it } from "vitest";
import { readApiErrorData } from "../src/api-error-data";

/** Stands in for a TRPCClientError: the reader only looks at `data`. */
const clientError = (data: unknown) => Object.assign(new Error("failed"), { data });

describe("readApiErrorData", () => {
  it("reads what the API's error formatter sends", () => {
    const data = {
      code: "FORBIDDEN",
      httpStatus: 403,
      path: "clusters.remove",
      appCode: "FORBIDDEN",
      userMessage: "Only the server that added this cluster can remove it.",
    };
    expect(readApiErrorData(clientError(data))).toEqual(data);
  });

  it("is null when the request never got a tRPC answer", () => {
    expect(readApiErrorData(clientError(undefined))).toBeNull();
    expect(readApiErrorData(clientError(null))).toBeNull();
    expect(readApiErrorData(new Error("network"))).toBeNull();
    expect(readApiErrorData("not an error")).toBeNull();
  });

  it("drops fields of the wrong shape instead of trusting a cast", () => {
    const read = readApiErrorData(clientError({ appCode: "NOT_A_CODE", userMessage: 42, code: "NOT_FOUND" }));
    expect(read).toEqual({ code: "NOT_FOUND" });
    expect(read?.appCode).toBeUndefined();
    expect(read?.userMessage).toBeUndefined();
  });
});
