import { describe, expect, it } from "vitest";
import { classifyAddress, isLocalName, parseIPv4, parseIPv6 } from "./address.ts";

describe("webhook destination addresses", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["169.254.169.254", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["172.32.0.1", "public"],
    ["8.8.8.8", "public"],
    ["93.184.216.34", "public"],
  ])("IPv4 %s is %s", (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it.each([
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "unique-local"],
    ["fd12:3456:789a::1", "unique-local"],
    ["fe80::1%eth0", "link-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:10.0.0.1", "private"],
    ["64:ff9b::a9fe:a9fe", "link-local"],
    ["::ffff:8.8.8.8", "public"],
    ["2606:4700:4700::1111", "public"],
    ["2001:db8:0:0:0:0:0:1", "public"],
  ])("IPv6 %s is %s", (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it("reads the decimal, octal and hex spellings of IPv4 that resolvers accept", () => {
    expect(parseIPv4("2130706433")).toBe(parseIPv4("127.0.0.1"));
    expect(classifyAddress("2130706433")).toBe("loopback");
    expect(classifyAddress("0177.0.0.1")).toBe("loopback");
    expect(classifyAddress("0x7f.1")).toBe("loopback");
    expect(classifyAddress("0xa9.0xfe.0xa9.0xfe")).toBe("link-local");
    expect(classifyAddress("10.1")).toBe("private");
  });

  it("is not fooled by what the URL parser hands over for those spellings", () => {
    for (const url of ["http://2130706433/", "http://0177.0.0.1/", "http://0x7f000001/", "http://[::ffff:127.0.0.1]/"]) {
      expect(classifyAddress(new URL(url).hostname)).toBe("loopback");
    }
  });

  it("does not take names or malformed text for addresses", () => {
    for (const text of ["example.com", "256.1.1.1", "1.2.3.4.5", "08.1.1.1", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", ""]) {
      expect(classifyAddress(text)).toBe("not-an-ip");
    }
    expect(parseIPv6("1:2:3:4:5:6:7:8")).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("treats localhost and its subdomains as this machine", () => {
    expect(isLocalName("localhost")).toBe(true);
    expect(isLocalName("LOCALHOST.")).toBe(true);
    expect(isLocalName("api.localhost")).toBe(true);
    expect(isLocalName("localhost.example.com")).toBe(false);
  });
});
