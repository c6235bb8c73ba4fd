import cliProgress from 'cli-progress';

/** One bar per stage on stderr; silent when stderr is not a terminal or the caller wants JSON only. */
export function stageProgress(enabled: boolean): {
  update: (stage: string, done: number, total: number) => void;
  stop: () => void;
} {
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const multi = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: ' {stage} [{bar}] {percentage}% | {value}/{total} | eta {eta}s',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    update(stage, done, total) {
      let bar = bars.get(stage);
      if (!bar) {
        bar = multi.create(total, 0, { stage: stage.padEnd(16) });
        bars.set(stage, bar);
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => multi.stop(),
  };
}
