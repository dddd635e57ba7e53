/**
 * Secrets as the server handles them: share tokens are 32 random bytes in base64url (256 bits,
 * unguessable), and only their SHA-256 is stored, so a copy of the database opens no link.
 * Comparisons of secrets go through their hashes in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A new share token: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The token's SHA-256 in hex, as stored. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** True when `given` equals `expected`, in time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash("sha256").update(given).digest(), createHash("sha256").update(expected).digest());
}
