// Shared by the benches: a daemon of this checkout on the embedded local AWS, in its own state directory.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { ControlClient } from '../dist/control/client.js'

const cliPath = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))

/**
 * Starts `ecs-local daemon --aws local` with the default flags and log level (what users get; the benches must not
 * look good on a setting users do not have) and resolves once its control socket answers.
 */
export async function startBenchDaemon(stateDir, env) {
  // BENCH_DAEMON_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the daemon under load.
  const nodeArgs = (process.env.BENCH_DAEMON_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const daemon = spawn(process.execPath, [...nodeArgs, cliPath, 'daemon', '--aws', 'local'], {
    env,
    stdio: 'inherit',
  })
  const client = new ControlClient(join(stateDir, 'control.sock'))
  while (!(await client.info().catch(() => undefined))) await sleep(100)
  return { daemon, client }
}
