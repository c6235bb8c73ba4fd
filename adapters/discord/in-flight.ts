/**
 * Work that outlives the request that started it (deferred follow-ups, impressions, reaction
 * votes). Shutdown waits for it, so a reply in progress is finished rather than dropped.
 */
export class InFlight {
  private readonly pending = new Set<Promise<void>>();

  /** Tracks `work`; the promise must handle its own errors (a rejection is swallowed here). */
  track(work: Promise<unknown>): void {
    const p: Promise<void> = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  get size(): number {
    return this.pending.size;
  }

  /** Resolves once nothing is pending (work started meanwhile included), or after `timeoutMs`. */
  async drain(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([...this.pending]),
        new Promise<void>((r) => {
          timer = setTimeout(r, left);
        }),
      ]);
      clearTimeout(timer);
    }
  }
}

/** The process-wide tracker the app drains on shutdown. */
export const discordInFlight = new InFlight();
