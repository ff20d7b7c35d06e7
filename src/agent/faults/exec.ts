import type { FaultTarget } from '../../model/faults.js'
import type { Command } from './command.js'
import type { CommandResult } from './commandRunner.js'

/** What one fault operation may do in the task's namespace, within its request's time. */
export interface Exec {
  /** The pause container's process: the namespace is /proc/<pid>/ns/net. */
  pid: number
  /** One command; its exit code is the caller's to read. */
  run(cmd: Command): Promise<CommandResult>
  /** In order; the first that fails throws CommandFailed (ip6tables failures are logged and skipped). */
  runAll(cmds: Command[]): Promise<void>
  /** Best effort, after a failed start: every command runs, failures ignored. */
  undo(cmds: Command[]): Promise<void>
  /** Keep (or drop) what this daemon started, for the task's teardown. */
  remember(key: string, target: FaultTarget): void
  forget(key: string): void
}

/** A command that exited non-zero where that is a failure. */
export class CommandFailed extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly code: number,
    readonly output: string,
  ) {
    super(`${argv.join(' ')} exited ${code}: ${output.trim()}`)
  }
}

/** A failure ecs-local can explain beyond the agent's "internal error" (a kernel without what tc needs). */
export class FaultDetail extends Error {}
