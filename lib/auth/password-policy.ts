// No imports: the forms read the limits from here in the browser too.
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;

/**
 * The first guesses of every password-spraying list. Kept short on purpose: its job is to stop the
 * handful that an attacker tries first against every account, not to grade strength.
 */
const COMMON_PASSWORDS = new Set([
  "password",
  "password1",
  "password123",
  "passw0rd",
  "12345678",
  "123456789",
  "1234567890",
  "87654321",
  "11111111",
  "00000000",
  "qwertyui",
  "qwerty123",
  "qwertyuiop",
  "1q2w3e4r",
  "abcd1234",
  "iloveyou",
  "sunshine",
  "letmein1",
  "welcome1",
  "changeme",
  "admin123",
  "administrator",
  "switchboard",
  "switchboard1",
]);

// Compared as a person would read them: "Password " and "PASSWORD" are the same guess.
const canonical = (text: string) => text.normalize("NFKC").trim().toLowerCase();

/**
 * Why a password cannot be used, or undefined when it can. `email` is the account's: a password
 * equal to it (or to the part before the @) is the first thing anyone who sees the address tries.
 */
export function passwordProblem(password: string, email?: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `Passwords need at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Passwords can have at most ${PASSWORD_MAX_LENGTH} characters`;
  const guess = canonical(password);
  if (guess === "") return "A password cannot be only spaces";
  if (COMMON_PASSWORDS.has(guess)) return "This is one of the most common passwords: choose one that is harder to guess";
  if (email) {
    const address = canonical(email);
    const localPart = address.split("@")[0];
    if (guess === address || guess === localPart) return "A password cannot be the email address or the part before the @";
  }
  return undefined;
}
