export const ADMIN = { email: "admin@example.com", password: "correct-horse-battery" };
export const STAFF = { email: "staff@example.com", password: "staff-password-1" };
