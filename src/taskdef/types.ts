import type { RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs'

/**
 * What every input format is normalised to: RegisterTaskDefinition's members, plus the revision when the source
 * names one (describe-task-definition output, Terraform state): task ARNs carry it.
 */
export type TaskDefinitionInput = RegisterTaskDefinitionCommandInput & Pick<TaskDefinition, 'revision'>

export type InputFormat =
  | 'register-task-definition'
  | 'describe-task-definition'
  | 'cloudformation'
  | 'terraform-plan'
  | 'terraform-state'
  | 'container-definitions'

/** The flags that shape what is loaded (`run` and `validate` share them). */
export interface LoadOptions {
  /** Which template resource (CloudFormation logical id, Terraform address). */
  resource?: string
  /** --parameter KEY=VALUE, for CloudFormation intrinsics (see docs/task-definitions.md). */
  parameters?: Readonly<Record<string, string>>
  /** AWS::Region when no --parameter gives it: the region ecs-local runs tasks in. */
  region?: string
  family?: string
  taskRoleArn?: string
  executionRoleArn?: string
  networkMode?: string
}

export interface LoadedDefinition {
  kind: 'definition'
  input: TaskDefinitionInput
  format: InputFormat
  /** A file path or `<stdin>`. */
  source: string
  /** The template resource it came from (logical id or Terraform address). */
  resource?: string
}

/**
 * The argument named a registered task definition (family, family:revision or ARN) rather than a file. Loading
 * stays pure: the caller decides how to fetch it (DescribeTaskDefinition).
 */
export interface TaskDefinitionReference {
  kind: 'reference'
  name: string
}

export type Loaded = LoadedDefinition | TaskDefinitionReference

export type Rec = Record<string, unknown>
export const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v)
