import { readFile } from 'node:fs/promises'

/** The version in package.json; the daemon reports it, and `run` compares it with its own. */
export async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}
