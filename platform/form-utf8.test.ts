import { describe, expect, it } from "vitest";
import { isWellFormedFormBody } from "./form-utf8.ts";

const URLENCODED = "application/x-www-form-urlencoded";
const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

describe("form bodies as UTF-8", () => {
  it("accepts what a browser sends: percent-encoded UTF-8, plus signs, any script", () => {
    expect(isWellFormedFormBody(URLENCODED, bytes(new URLSearchParams({ name: "Zoë 李 🚀", email: "a+b@example.com" }).toString()))).toBe(true);
    expect(isWellFormedFormBody(`${URLENCODED}; charset=UTF-8`, bytes("name=%E2%82%AC+and+100%25"))).toBe(true);
  });

  it("leaves a stray percent sign to the parser, as the runtime does", () => {
    expect(isWellFormedFormBody(URLENCODED, bytes("q=100%zz&x=%"))).toBe(true);
  });

  it.each([
    ["a lone high surrogate", "name=%ED%A0%80"],
    ["a lone low surrogate", "name=a%ED%B0%80b"],
    ["a truncated sequence", "name=%E2%82"],
    ["an overlong encoding", "name=%C0%AF"],
    ["a stray continuation byte", "name=%80"],
  ])("refuses %s", (_what, body) => {
    expect(isWellFormedFormBody(URLENCODED, bytes(body))).toBe(false);
  });

  it("checks raw multipart text too", () => {
    const good = bytes('--b\r\ncontent-disposition: form-data; name="name"\r\n\r\nZoë\r\n--b--\r\n');
    expect(isWellFormedFormBody("multipart/form-data; boundary=b", good)).toBe(true);
    const bad = new Uint8Array([...new Uint8Array(good).slice(0, 50), 0xed, 0xa0, 0x80, ...new Uint8Array(good).slice(50)]);
    expect(isWellFormedFormBody("multipart/form-data; boundary=b", bad.buffer)).toBe(false);
  });
});
