/**
 * Fires when nothing has happened for `ms`: a server that accepts the connection and then goes
 * quiet would otherwise hang a download forever. Re-arm on every sign of life.
 */
export class StallTimer {
  private timer: NodeJS.Timeout | undefined;
  fired = false;

  constructor(
    private readonly ms: number,
    private readonly onStall: () => void,
  ) {}

  arm(): void {
    this.clear();
    this.timer = setTimeout(() => {
      this.fired = true;
      this.onStall();
    }, this.ms);
  }

  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
