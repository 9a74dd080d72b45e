import { BlockList, isIP } from "node:net";

const UNREACHABLE_NAMES = /(^|\.)(localhost|local|internal|lan|home\.arpa)$/i;

/** Addresses Twilio's servers can never connect to: loopback, private, link-local, unspecified. */
const unreachable = new BlockList();
for (const [network, prefix] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.168.0.0", 16]] as const) {
  unreachable.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10]] as const) unreachable.addSubnet(network, prefix, "ipv6");

/**
 * Whether Twilio could call this origin from the internet: not localhost, not a private or
 * loopback address, not a name that only resolves on a local network.
 */
export function reachableFromInternet(origin: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(origin).hostname;
  } catch {
    return false;
  }
  const bare = hostname.replace(/^\[|\]$/g, "");
  const family = isIP(bare);
  if (family === 4) return !unreachable.check(bare, "ipv4");
  if (family === 6) {
    const mappedV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
    return mappedV4 ? !unreachable.check(mappedV4, "ipv4") : !unreachable.check(bare, "ipv6");
  }
  return bare.includes(".") && !UNREACHABLE_NAMES.test(bare);
}

/**
 * Whether the Twilio this server talks to can call `origin`: any public origin, and a local one
 * too when that Twilio is itself local (TWILIO_API_BASE naming an emulator on this machine or
 * network).
 */
export function twilioCanCall(origin: string, twilioApiBase: string | undefined): boolean {
  return reachableFromInternet(origin) || (twilioApiBase !== undefined && !reachableFromInternet(twilioApiBase));
}
