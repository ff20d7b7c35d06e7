import { open, readFile, rm } from 'node:fs/promises'
import { ERRORS } from './errors.js'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * One daemon per state directory: an exclusive lock file holding the owner's pid. Two daemons started at once
 * (two `run`s finding none) race on O_EXCL, so exactly one wins; a lock whose pid is gone is stale and taken
 * over. Returns the release function.
 */
export async function takeDaemonLock(path: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = await open(path, 'wx', 0o600)
      await fd.writeFile(String(process.pid))
      await fd.close()
      return () => rm(path, { force: true })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    const read = async () => Number((await readFile(path, 'utf8').catch(() => '')).trim())
    let pid = await read()
    // An empty lock may be a racer's between its open and its write: look again before calling it stale.
    if (!pid) pid = await new Promise((r) => setTimeout(r, 200)).then(read)
    if (pid && alive(pid)) throw new ERRORS.ECSL_ERR_DAEMON(`already running (pid ${pid}); lock ${path}`)
    // Stale: remove and try once more; O_EXCL decides between racers.
    await rm(path, { force: true })
  }
  throw new ERRORS.ECSL_ERR_DAEMON(`another daemon took ${path} first`)
}
