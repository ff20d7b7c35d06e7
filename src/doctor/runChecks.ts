import { executionRoleNeeds } from '../agent/executionNeeds.js'
import { checkBaseCredentials } from './checks/baseCredentials.js'
import { checkClock, type ClockSample } from './checks/clock.js'
import { checkDaemon } from './checks/daemon.js'
import { checkEcr } from './checks/ecr.js'
import { checkEndpoint } from './checks/endpoint.js'
import { checkEngine } from './checks/engine.js'
import { checkNetwork } from './checks/network.js'
import { checkRole } from './checks/roles.js'
import { checkTaskDefinition } from './checks/taskDefinition.js'
import type { DoctorInput } from './input.js'
import type { DoctorProbes } from './probes.js'
import { settle, type CheckResult } from './result.js'

/**
 * Every check, in the order a task meets them; what one check learns (the engine answers, the network's state,
 * the caller) decides whether the next can run. The independent questions are asked at once.
 */
export async function runChecks(probes: DoctorProbes, input: DoctorInput): Promise<CheckResult[]> {
  const { config } = input
  const td = input.taskDefinition
  const def = td?.ok ? td.value : undefined
  // Each answer's arrival is timed on our clock, so the clock check compares like with like however long the
  // other checks take.
  const timed = <T>(p: Promise<T>) => p.then((value) => ({ value, at: probes.now() }))
  const [daemon, engine, sts] = await Promise.all([
    settle(probes.daemon()),
    timed(settle(probes.engine())),
    config.aws === 'local' ? undefined : timed(probes.callerIdentity()),
  ])
  const caller = sts?.value
  const results: CheckResult[] = [checkDaemon(daemon, config), checkEngine(engine.value, config)]
  const network = await checkNetwork(probes, config, engine.value.ok)
  results.push(network.result)
  results.push(await checkEndpoint(probes, config, daemon.ok ? daemon.value : undefined, network.state))
  if (td) results.push(checkTaskDefinition(td))
  const needsRoles = def ? Boolean(def.taskRoleArn || def.executionRoleArn) : undefined
  results.push(checkBaseCredentials(config, caller, needsRoles))
  if (def) {
    const roles = await Promise.all([
      checkRole(probes, config, { kind: 'task-role', roleArn: def.taskRoleArn, caller }),
      checkRole(probes, config, {
        kind: 'execution-role',
        roleArn: def.executionRoleArn,
        caller,
        executionNeeds: executionRoleNeeds(def, config.ecrRegistries),
      }),
    ])
    results.push(...roles, ...(await checkEcr(probes, config, def)))
  }
  // STS's clock when it answered (what SigV4 is judged by), else the engine's.
  const stsDate = sts?.value.date
  const engineTime = engine.value.ok ? engine.value.value.systemTime : undefined
  let sample: ClockSample | undefined
  if (sts && stsDate) sample = { source: 'STS', remote: stsDate, at: sts.at }
  else if (engineTime) sample = { source: 'the Docker engine', remote: engineTime, at: engine.at }
  results.push(checkClock(sample))
  return results
}
