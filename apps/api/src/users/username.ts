/**
 * Usernames are case-insensitive: stored lowercased and trimmed, and looked up the same way,
 * so "Admin" and "admin" can never be two accounts (or two rate-limit buckets).
 */
export function normalizeUsername(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().toLowerCase() : '';
}

/** letters, digits, dot, underscore, hyphen; 3-64 characters; starts with a letter or digit */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
