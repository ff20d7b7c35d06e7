/**
 * --pull: always, missing (only what the engine lacks), never, or the agent's default: pull, and fall back
 * to the cached image when the pull fails (ECS_IMAGE_PULL_BEHAVIOR=default).
 */
export const PULL_POLICIES = ['default', 'always', 'missing', 'never'] as const
export type PullPolicy = (typeof PULL_POLICIES)[number]

/** How containers reach the credentials endpoint (DESIGN section 3). */
export type CredentialsEndpointMode = 'relative' | 'full-uri' | 'full-uri-token-file'
