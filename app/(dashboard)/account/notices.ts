/**
 * What another page sends someone here to read, by a fixed key: the address never carries the text
 * itself, so a crafted link cannot make this page say anything else.
 */
export const ACCOUNT_NOTICES = {
  demoted: "You are now staff. Settings and Users are for admins, so you were brought here; ask an admin if you need them again.",
} as const;

export type AccountNotice = keyof typeof ACCOUNT_NOTICES;

export function accountPath(notice: AccountNotice): string {
  return `/account?notice=${notice}`;
}

export function accountNotice(value: unknown): string | undefined {
  return typeof value === "string" && Object.hasOwn(ACCOUNT_NOTICES, value) ? ACCOUNT_NOTICES[value as AccountNotice] : undefined;
}
