import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { Config } from '../config.js'
import type { Settled } from './result.js'

/** A TASKDEF argument as `validate` loads it (cli/doctor.ts): the definition, or why it could not be had. */
export type LoadedTaskDefinition = { source: string } & Settled<TaskDefinition>

export interface DoctorInput {
  config: Config
  taskDefinition?: LoadedTaskDefinition
}
