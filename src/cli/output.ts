const COLORS = [36, 33, 35, 32, 34, 31]

/** Prints each container's lines with a name prefix, as docker compose does; colours only on a TTY. */
export class Prefixer {
  readonly #colors = new Map<string, number>()
  readonly #prefixes = new Map<string, string>()
  readonly #width: number

  constructor(
    names: string[],
    readonly tty: boolean,
  ) {
    this.#width = Math.max(...names.map((n) => n.length), 1)
    names.forEach((n, i) => this.#colors.set(n, COLORS[i % COLORS.length] as number))
  }

  line(container: string, text: string): string {
    let prefix = this.#prefixes.get(container)
    if (prefix === undefined) {
      const name = container.padEnd(this.#width)
      prefix = this.tty ? `\x1b[${this.#colors.get(container) ?? 37}m${name} |\x1b[0m ` : `${name} | `
      this.#prefixes.set(container, prefix)
    }
    return prefix + text
  }
}

/**
 * Pull progress: on a terminal, one live line per image layer, redrawn in place; otherwise one plain line per
 * layer state change (what logs and CI keep).
 */
export class PullDisplay {
  readonly #rows = new Map<string, string>()
  #drawn = 0

  constructor(
    readonly out: NodeJS.WritableStream,
    readonly tty: boolean,
  ) {}

  update(image: string, layer: string | undefined, status: string): void {
    const text = `ecs-local: pull ${image}: ${layer ? `${layer} ` : ''}${status}`
    if (!this.tty) {
      this.out.write(`${text}\n`)
      return
    }
    this.#rows.set(`${image} ${layer ?? ''}`, text)
    // Back up over what was drawn, then redraw every row, each line cleared first.
    let frame = this.#drawn ? `\x1b[${this.#drawn}A` : ''
    for (const row of this.#rows.values()) frame += `\x1b[2K${row}\n`
    this.#drawn = this.#rows.size
    this.out.write(frame)
  }
}
