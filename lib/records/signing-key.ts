import { createHash, createPublicKey, generateKeyPairSync } from "node:crypto";
import type { Db } from "@/db/client";
import { internalValue } from "@/lib/settings";

/** The export signing key: an Ed25519 pair made once and kept; the public half travels in every manifest. */
export function signingKey(db: Db): { privateKey: string; publicKey: string } {
  const stored = internalValue(db, "internal.exportSigningKey", () => {
    const pair = generateKeyPairSync("ed25519", { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    return JSON.stringify(pair);
  });
  return JSON.parse(stored) as { privateKey: string; publicKey: string };
}

export interface PublicSigningKey {
  pem: string;
  /** SHA-256 of the key's DER encoding, as `openssl pkey -pubin -outform DER | sha256sum` prints it. */
  sha256: string;
}

/**
 * What a regulator must receive apart from any bundle: a manifest carries its own public key, so
 * only a fingerprint passed on another way (a letter, a call) shows the bundle came from this server
 * and not from whoever replaced both the key and the signature.
 */
export function publicSigningKey(db: Db): PublicSigningKey {
  const pem = signingKey(db).publicKey;
  const der = createPublicKey(pem).export({ type: "spki", format: "der" });
  return { pem, sha256: createHash("sha256").update(der).digest("hex") };
}

/** The fingerprint in groups of four, so it can be read aloud and compared by eye. */
export const groupedFingerprint = (sha256: string): string => sha256.match(/.{1,4}/g)?.join(" ") ?? sha256;
