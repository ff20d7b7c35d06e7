/** IAM action patterns: service prefix and name compare case-insensitively, '*' and '?' are wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${escaped}$`, 'i').test(action)
}

export function allowListPermits(allow: readonly string[], action: string): boolean {
  return allow.some((pattern) => actionMatches(pattern, action))
}
