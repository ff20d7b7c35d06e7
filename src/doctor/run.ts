import type { DoctorInput } from './input.js'
import { realProbes } from './realProbes.js'
import type { CheckResult } from './result.js'
import { runChecks } from './runChecks.js'

/**
 * The doctor's composition root: the checks over the real probes. cli/doctor.ts loads it with import(), so the
 * SDK clients and dockerode it brings are loaded by `doctor` alone (.dependency-cruiser.js).
 */
export async function runDoctor(input: DoctorInput): Promise<CheckResult[]> {
  const real = realProbes(input.config)
  try {
    return await runChecks(real.probes, input)
  } finally {
    await real.close()
  }
}
