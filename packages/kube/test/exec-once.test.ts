import { describe, expect, it } from "vitest";
import { OutputCap, utf8Boundary } from "../src/streams/exec-once";

describe("OutputCap", () => {
  it("keeps everything under the cap, in order", () => {
    const cap = new OutputCap(10);
    cap.add(Buffer.from("out\n"));
    cap.add(Buffer.from("err\n"));
    expect(cap.text()).toBe("out\nerr\n");
    expect(cap.truncated).toBe(false);
    expect(cap.total).toBe(8);
  });

  it("keeps exactly the first maxBytes and counts the rest", () => {
    const cap = new OutputCap(5);
    cap.add(Buffer.from("abc"));
    cap.add(Buffer.from("defgh"));
    cap.add(Buffer.from("ijk"));
    expect(cap.text()).toBe("abcde");
    expect(cap.truncated).toBe(true);
    expect(cap.total).toBe(11);
  });

  it("exactly at the cap is not truncated", () => {
    const cap = new OutputCap(3);
    cap.add(Buffer.from("abc"));
    expect(cap.truncated).toBe(false);
    expect(cap.text()).toBe("abc");
  });

  it("never ends a truncated output in half a character", () => {
    const cap = new OutputCap(4);
    cap.add(Buffer.from("ab€c")); // € is 3 bytes: the cap falls inside it
    expect(cap.text()).toBe("ab");
    expect(cap.truncated).toBe(true);
  });
});

describe("utf8Boundary", () => {
  const bytes = (...b: number[]) => Uint8Array.from(b);
  it("drops only an incomplete trailing sequence", () => {
    expect(utf8Boundary(Buffer.from("a€"))).toBe(4);
    expect(utf8Boundary(bytes(0x61, 0xe2, 0x82))).toBe(1);
    expect(utf8Boundary(bytes(0x61, 0xc3))).toBe(1);
    expect(utf8Boundary(bytes(0xf0, 0x9f, 0x98))).toBe(0);
    expect(utf8Boundary(Buffer.from("a😀"))).toBe(5);
    expect(utf8Boundary(bytes())).toBe(0);
  });
});
