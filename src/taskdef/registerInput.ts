import type { RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs'
import { isRecord, type Rec, type TaskDefinitionInput } from './types.js'

/** What DescribeTaskDefinition returns and RegisterTaskDefinition does not take (revision is kept: ARNs use it). */
const RESPONSE_ONLY = [
  'taskDefinitionArn',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
] as const satisfies ReadonlyArray<keyof TaskDefinition>

// Compile-time check: a response-only member added to the SDK later fails the build until it is listed above.
type Unlisted = Exclude<
  keyof TaskDefinition,
  keyof RegisterTaskDefinitionCommandInput | 'revision' | (typeof RESPONSE_ONLY)[number]
>
const everyResponseMemberListed: [Unlisted] extends [never] ? true : Unlisted = true
void everyResponseMemberListed

export function withoutResponseMembers(def: Rec): TaskDefinitionInput {
  const out: Rec = { ...def }
  for (const key of RESPONSE_ONLY) delete out[key]
  return out as unknown as TaskDefinitionInput
}

/** `aws ecs describe-task-definition` output; its tags (with `--include TAGS`) sit beside the definition. */
export function fromDescribeOutput(doc: Rec & { taskDefinition: Rec }): TaskDefinitionInput {
  const input = withoutResponseMembers(doc.taskDefinition)
  return Array.isArray(doc.tags) && doc.tags.length ? { ...input, tags: doc.tags } : input
}

/** RegisterTaskDefinition's members only, for printing: what `aws ecs register-task-definition` would take. */
export function registerInput(def: TaskDefinition | TaskDefinitionInput): RegisterTaskDefinitionCommandInput {
  const { revision: _revision, ...out } = withoutResponseMembers(def as unknown as Rec)
  return out
}

export const isDescribeOutput = (doc: Rec): doc is Rec & { taskDefinition: Rec } => isRecord(doc.taskDefinition)
