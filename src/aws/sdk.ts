import { onceAsync } from '../lib/once.js'

/**
 * The AWS SDK v3 client packages the daemon calls, each imported on its first use: a package is megabytes of
 * code (docs/benchmarks.md), and a task uses few services, often STS and CloudWatch Logs only. Memoized, so a
 * hot path (a log batch's PutLogEventsCommand) awaits a settled promise rather than the module loader.
 * Import the commands from here at run time; `import type` from the packages themselves is free.
 */
export const sdk = {
  sts: onceAsync(() => import('@aws-sdk/client-sts')),
  ecr: onceAsync(() => import('@aws-sdk/client-ecr')),
  logs: onceAsync(() => import('@aws-sdk/client-cloudwatch-logs')),
  secretsManager: onceAsync(() => import('@aws-sdk/client-secrets-manager')),
  ssm: onceAsync(() => import('@aws-sdk/client-ssm')),
  s3: onceAsync(() => import('@aws-sdk/client-s3')),
}
