import { execFile } from 'node:child_process'

/** How a command ended: its exit code and what it wrote (stdout and stderr together, as CombinedOutput). */
export interface CommandResult {
  code: number
  output: string
}

/**
 * Runs one command, no shell. A non-zero exit is a result (the agent reads "iptables -C" failing as "not
 * running"); a command that could not be run at all (ENOENT, EACCES), or that `signal` stopped, rejects.
 */
export type CommandRunner = (argv: readonly string[], signal: AbortSignal) => Promise<CommandResult>

/** The real runner: child_process.execFile, killed when the signal aborts (the agent's context timeout). */
export const execRunner: CommandRunner = (argv, signal) =>
  new Promise((resolve, reject) => {
    const [file, ...args] = argv
    if (!file) return reject(new Error('empty command'))
    execFile(file, args, { signal, encoding: 'utf8', maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`
      if (!err) return resolve({ code: 0, output })
      const code = (err as { code?: unknown }).code
      // execFile reports an exit status as a number code; a spawn failure or abort as a string (ENOENT, ABORT_ERR).
      if (typeof code === 'number' && !signal.aborted) return resolve({ code, output })
      reject(err)
    })
  })
