import type { Db } from "@/db/client";
import { certificatesOfHoldersExpiring } from "@/db/queries/employees";
import type { Certificate, Employee } from "@/db/schema";

type Dated = Pick<Certificate, "id" | "employeeId" | "name" | "expiresOn">;

/**
 * Staff record a renewal either by editing the certificate or by adding the new one beside the old.
 * In the second case the old row is history: a certificate is replaced when the same person holds
 * another of the same name (spacing and letter case aside) that expires later.
 */
export function certificateKey(certificate: Pick<Certificate, "employeeId" | "name">): string {
  return `${certificate.employeeId}\u0000${certificate.name.trim().replace(/\s+/g, " ").toLowerCase()}`;
}

/** Ids of the certificates a later one of the same name replaced. */
export function replacedCertificateIds(certificates: readonly Dated[]): Set<number> {
  const newest = new Map<string, Dated>();
  for (const certificate of certificates) {
    const key = certificateKey(certificate);
    const held = newest.get(key);
    // Two with the same expiry: the one recorded last is the current one.
    if (!held || certificate.expiresOn > held.expiresOn || (certificate.expiresOn === held.expiresOn && certificate.id > held.id)) newest.set(key, certificate);
  }
  const current = new Set([...newest.values()].map((certificate) => certificate.id));
  return new Set(certificates.filter((certificate) => !current.has(certificate.id)).map((certificate) => certificate.id));
}

/** The certificates that count: none replaced by a renewal. Keeps the given order. */
export function currentCertificates<T extends Dated>(certificates: readonly T[]): T[] {
  const replaced = replacedCertificateIds(certificates);
  return certificates.filter((certificate) => !replaced.has(certificate.id));
}

/**
 * Active employees' current certificates expiring in [from, to] (no `from`: any time up to `to`),
 * soonest first, each with its holder: what expiry reminders and campaign audiences go by.
 */
export function currentCertificatesExpiring(db: Db, from: string | null, to: string): (Certificate & { employee: Employee })[] {
  return currentCertificates(certificatesOfHoldersExpiring(db, from, to)).filter((certificate) => (from === null || certificate.expiresOn >= from) && certificate.expiresOn <= to);
}
