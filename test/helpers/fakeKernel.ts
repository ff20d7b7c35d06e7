import type { CommandResult, CommandRunner } from '../../src/agent/faults/commandRunner.js'

/**
 * The part of Linux that the fault commands touch, in memory, per network namespace (`nsenter --net=/proc/<pid>/
 * ns/net`): iptables and ip6tables chains and rules (exit codes and messages as iptables gives them), tc qdiscs
 * and filters (kinds this "kernel" lacks refused as tc refuses them). Every argv is recorded, so tests can check
 * the exact commands and, with `clean()`, that nothing was left behind.
 */
interface Table {
  chains: Map<string, string[]>
}
interface Namespace {
  tables: Record<'iptables' | 'ip6tables', Table>
  qdiscs: Array<{ kind: string; parent: string; handle: string; args: string[] }>
  filters: string[][]
}

const BUILTIN = ['INPUT', 'OUTPUT', 'FORWARD']
const TARGETS = new Set(['ACCEPT', 'DROP', 'RETURN', 'HMARK', 'REJECT'])
const ok = (output = ''): CommandResult => ({ code: 0, output })
const noChain = (): CommandResult => ({ code: 1, output: 'iptables: No chain/target/match by that name.\n' })

/** iptables treats `-d 0.0.0.0/0` as no destination at all: a check without it matches a rule with it. */
function normalise(rule: string[]): string {
  const out: string[] = []
  for (let i = 0; i < rule.length; i++) {
    if (rule[i] === '-d' && (rule[i + 1] === '0.0.0.0/0' || rule[i + 1] === '::/0')) i++
    else out.push(rule[i] as string)
  }
  return out.join(' ')
}

export class FakeKernel {
  readonly calls: string[][] = []
  readonly #ns = new Map<number, Namespace>()
  /** qdisc and filter kinds this kernel lacks (this machine: prio, netem, flow). */
  missing = new Set<string>()
  /** Tools not installed: running them rejects as execFile does (ENOENT). */
  absent = new Set<string>()
  /** A chosen command's answer instead of the model's (a failure to inject). */
  override?: (argv: string[]) => CommandResult | undefined
  /** Each command takes this long (for the 5 s budget). */
  delayMs = 0

  readonly run: CommandRunner = async (argv, signal) => {
    const cmd = [...argv]
    this.calls.push(cmd)
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs))
    if (signal.aborted) throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError' })
    const [nsenter, net, tool, ...args] = cmd
    const pid = Number(/^--net=\/proc\/(\d+)\/ns\/net$/.exec(net ?? '')?.[1])
    if (nsenter !== 'nsenter' || !pid || !tool) throw new Error(`not a command in a namespace: ${cmd.join(' ')}`)
    if (this.absent.has(tool)) throw Object.assign(new Error(`spawn ${tool} ENOENT`), { code: 'ENOENT' })
    const forced = this.override?.(cmd)
    if (forced) return forced
    const ns = this.namespace(pid)
    if (tool === 'iptables' || tool === 'ip6tables') return this.#iptables(ns.tables[tool], args)
    if (tool === 'tc') return this.#tc(ns, args)
    throw new Error(`unexpected tool ${tool}`)
  }

  namespace(pid: number): Namespace {
    let ns = this.#ns.get(pid)
    if (!ns) {
      const table = (): Table => ({ chains: new Map(BUILTIN.map((c) => [c, []])) })
      ns = { tables: { iptables: table(), ip6tables: table() }, qdiscs: [], filters: [] }
      this.#ns.set(pid, ns)
    }
    return ns
  }

  /** What a namespace holds beyond a fresh one's empty built-in chains. */
  held(pid: number): string[] {
    const ns = this.namespace(pid)
    const out: string[] = []
    for (const [tool, table] of Object.entries(ns.tables)) {
      for (const [chain, rules] of table.chains) {
        if (!BUILTIN.includes(chain)) out.push(`${tool} chain ${chain}`)
        for (const r of rules) out.push(`${tool} ${chain}: ${r}`)
      }
    }
    for (const q of ns.qdiscs) out.push(`qdisc ${q.kind} ${q.handle} parent ${q.parent}`)
    for (const f of ns.filters) out.push(`filter ${f.join(' ')}`)
    return out
  }

  /** The commands run, without the nsenter prefix, joined. */
  commands(): string[] {
    return this.calls.map((c) => c.slice(2).join(' '))
  }

  #iptables(table: Table, args: string[]): CommandResult {
    if (args[0] !== '-w' || args[1] !== '5') throw new Error(`no -w 5: ${args.join(' ')}`)
    const [op, chain = '', ...rule] = args.slice(2)
    const rules = table.chains.get(chain)
    const referenced = () => [...table.chains.values()].some((rs) => rs.some((r) => r.endsWith(`-j ${chain}`)))
    switch (op) {
      case '-N':
        if (rules) return { code: 1, output: 'iptables: Chain already exists.\n' }
        table.chains.set(chain, [])
        return ok()
      case '-X':
        if (!rules) return noChain()
        if (referenced()) return { code: 1, output: 'iptables: Too many links.\n' }
        if (rules.length) return { code: 1, output: 'iptables: Directory not empty.\n' }
        table.chains.delete(chain)
        return ok()
      case '-F':
        if (!rules) return noChain()
        rules.length = 0
        return ok()
      case '-A':
      case '-I': {
        if (!rules) return noChain()
        const target = rule[rule.indexOf('-j') + 1] ?? ''
        if (!TARGETS.has(target) && !table.chains.has(target))
          return { code: 2, output: `Couldn't load target \`${target}'\n` }
        if (op === '-A') rules.push(normalise(rule))
        else rules.unshift(normalise(rule))
        return ok()
      }
      case '-C':
      case '-D': {
        const at = rules ? rules.indexOf(normalise(rule)) : -1
        if (at < 0) return { code: 1, output: 'iptables: Bad rule (does a matching rule exist in that chain?).\n' }
        if (op === '-D') rules?.splice(at, 1)
        return ok()
      }
    }
    throw new Error(`unexpected iptables ${args.join(' ')}`)
  }

  #tc(ns: Namespace, args: string[]): CommandResult {
    const line = args.join(' ')
    if (args[0] === '-j' && args[1] === 'q' && args[2] === 'show') {
      const parent = args[args.indexOf('parent') + 1]
      const shown = ns.qdiscs
        .filter((q) => q.parent === parent)
        .map((q) => ({
          kind: q.kind,
          handle: q.handle,
          parent: q.parent,
          options: q.kind === 'netem' ? { limit: 1000, delay: { delay: 0.1, jitter: 0, correlation: 0 } } : {},
        }))
      return ok(JSON.stringify(shown))
    }
    const [object, verb] = args
    if (object === 'qdisc' && verb === 'add') {
      const root = args.includes('root')
      const parent = root ? 'root' : (args[args.indexOf('parent') + 1] as string)
      const handle = args[args.indexOf('handle') + 1] as string
      const kind = args[args.indexOf('handle') + 2] as string
      if (this.missing.has(kind)) return { code: 2, output: 'Error: Specified qdisc kind is unknown.\n' }
      if (root && ns.qdiscs.some((q) => q.parent === 'root')) {
        return { code: 2, output: 'Error: Exclusivity flag on, cannot modify.\n' }
      }
      ns.qdiscs.push({ kind, parent, handle, args })
      return ok()
    }
    if (object === 'qdisc' && verb === 'del') {
      if (args.includes('root')) {
        if (!ns.qdiscs.some((q) => q.parent === 'root')) {
          return { code: 2, output: 'Error: Cannot delete qdisc with handle of zero.\n' }
        }
        ns.qdiscs.length = 0
        ns.filters.length = 0
        return ok()
      }
      if (!ns.qdiscs.some((q) => q.handle === '10:')) return { code: 2, output: 'Error: Invalid handle.\n' }
      // 10: and everything under it: all but the root.
      ns.qdiscs.splice(0, ns.qdiscs.length, ...ns.qdiscs.filter((q) => q.parent === 'root'))
      return ok()
    }
    if (object === 'filter' && verb === 'add') {
      const kind = args[args.indexOf('prio') + 2] as string
      if (this.missing.has(kind)) {
        return { code: 2, output: `Unknown filter "${kind}", hence option "hash" is unparsable\n` }
      }
      ns.filters.push(args)
      return ok()
    }
    throw new Error(`unexpected tc ${line}`)
  }
}
