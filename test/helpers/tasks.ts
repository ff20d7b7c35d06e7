import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ContainerDefinition, TaskDefinition } from '@aws-sdk/client-ecs'
import type { PrintedEvent } from '../../src/cli/run.js'
import type { Exited } from './cli.js'

export const ACCOUNT = '000000000000'
export const role = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`

/** A task definition file in dir, one container unless more are given. */
export function writeTask(
  dir: string,
  family: string,
  containers: ContainerDefinition[],
  extra: Partial<TaskDefinition> = {},
): string {
  const file = join(dir, `${family}.json`)
  // A Fargate task unless the test says otherwise: what most users run, and what the tests exercised before
  // ECS's bridge default applied to definitions without networkMode.
  const fargate = extra.networkMode === undefined || extra.networkMode === 'awsvpc'
  const def = {
    family,
    taskRoleArn: role(`${family}-task`),
    executionRoleArn: role(`${family}-exec`),
    ...(fargate && { networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'] }),
    ...extra,
  }
  writeFileSync(file, JSON.stringify({ ...def, containerDefinitions: containers }))
  return file
}

/** A container that stays up until stopped (and exits on SIGTERM, as PID 1 must handle it itself). */
export const idleCommand = ['node', '-e', "process.on('SIGTERM',()=>process.exit(0));setInterval(()=>{},1e6)"]

/** Parse `run --json` output into events. */
export function events(r: Exited | string): PrintedEvent[] {
  const text = typeof r === 'string' ? r : r.stdout
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as PrintedEvent)
}

/** The lines a container printed, from `run --json` output. */
export function outputOf(r: Exited | string, container: string): string[] {
  return events(r).flatMap((e) => (e.type === 'output' && e.container === container ? [e.line] : []))
}

/** JSON lines a container printed (non-JSON lines skipped). */
export function jsonOutputOf<T = Record<string, unknown>>(r: Exited | string, container: string): T[] {
  return outputOf(r, container)
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as T)
}
