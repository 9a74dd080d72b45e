import { createHash, verify } from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb, type TempDb } from "@/tests/support/db";
import { buildBundle, type BundleManifest } from "./export";
import { groupedFingerprint, publicSigningKey } from "./signing-key";

let t: TempDb;
beforeEach(() => (t = tempDb()));
afterEach(() => t.close());

/** The DER inside a PEM, read from its base64 lines: no crypto library's idea of the key involved. */
const derOf = (pem: string) => Buffer.from(pem.split("\n").filter((line) => line && !line.startsWith("-----")).join(""), "base64");

describe("the public signing key", () => {
  it("is the key every bundle's manifest carries and is signed with, fingerprinted over its DER as openssl does", async () => {
    const key = publicSigningKey(t.db);
    expect(key.pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(key.sha256).toBe(createHash("sha256").update(derOf(key.pem)).digest("hex"));
    const files = unzipSync((await buildBundle(t.db, { from: new Date(0), to: new Date() })).zip);
    const manifest = JSON.parse(strFromU8(files["manifest.json"]!)) as BundleManifest;
    expect(manifest.signature.publicKey).toBe(key.pem);
    expect(verify(null, files["manifest.json"]!, key.pem, Buffer.from(strFromU8(files["manifest.sig"]!), "base64"))).toBe(true);
  });

  it("stays the same once made, whether a bundle or the Logs page asked first", () => {
    const first = publicSigningKey(t.db);
    expect(publicSigningKey(t.db)).toEqual(first);
  });

  it("is shown in groups of four to be read aloud", () => {
    expect(groupedFingerprint("ad45e5bc22ed08f3d8598b601e9d358f")).toBe("ad45 e5bc 22ed 08f3 d859 8b60 1e9d 358f");
  });
});
