/** One sample of Docker's stats stream, as the Engine API sends it (the agent serves it unchanged). */
export type StatsSample = Record<string, unknown> & {
  read?: string
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>
}
