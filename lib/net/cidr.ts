import { BlockList, isIP } from "node:net";

export class InvalidCidrError extends Error {
  constructor(entry: string) {
    super(`“${entry}” is not an IP address or CIDR range (e.g. 203.0.113.0/24 or 2001:db8::/32)`);
    this.name = "InvalidCidrError";
  }
}

/** "::ffff:203.0.113.7" (an IPv4 client on a dual-stack socket) → "203.0.113.7". */
export function canonicalIp(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** Validates and canonicalises one allow-list entry: an address becomes a /32 or /128 range. */
export function parseCidr(entry: string): string {
  const [address = "", prefixText, ...rest] = entry.trim().split("/");
  const family = isIP(canonicalIp(address));
  if (!family || rest.length > 0) throw new InvalidCidrError(entry);
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(max)) || prefix > max) throw new InvalidCidrError(entry);
  return `${canonicalIp(address)}/${prefix}`;
}

export function compileAllowList(cidrs: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address = "", prefix = "0"] = parseCidr(cidr).split("/");
    list.addSubnet(address, Number(prefix), isIP(address) === 4 ? "ipv4" : "ipv6");
  }
  return list;
}

export function isAllowed(list: BlockList, ip: string): boolean {
  const address = canonicalIp(ip);
  const family = isIP(address);
  if (!family) return false;
  return list.check(address, family === 4 ? "ipv4" : "ipv6");
}
