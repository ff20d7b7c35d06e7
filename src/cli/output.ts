const COLORS = [36, 33, 35, 32, 34, 31]

/** Prints each container's lines with a name prefix, as docker compose does; colours only on a TTY. */
export class Prefixer {
  readonly #colors = new Map<string, number>()
  readonly #width: number

  constructor(
    names: string[],
    readonly tty: boolean,
  ) {
    this.#width = Math.max(...names.map((n) => n.length), 1)
    names.forEach((n, i) => this.#colors.set(n, COLORS[i % COLORS.length] as number))
  }

  line(container: string, text: string): string {
    const name = container.padEnd(this.#width)
    const prefix = this.tty ? `\x1b[${this.#colors.get(container) ?? 37}m${name} |\x1b[0m` : `${name} |`
    return `${prefix} ${text}`
  }
}
