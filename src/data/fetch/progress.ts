import cliProgress from 'cli-progress';
import { formatBytes, formatDuration } from './format-bytes.js';
import { SpeedMeter } from './speed-meter.js';

export interface DownloadProgress {
  /** Matches `fetchDatasets`' onProgress: one bar per file, replaced when the file changes. */
  onProgress: (file: string, received: number, total: number | undefined) => void;
  /** Finishes the current bar; call once the downloads end, whether they succeeded or not. */
  stop: () => void;
}

export interface DownloadProgressOptions {
  /** Defaults to drawing only when `stream` is a terminal, so logs and pipes stay clean. */
  enabled?: boolean;
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  now?: () => number;
}

const SILENT: DownloadProgress = { onProgress: () => undefined, stop: () => undefined };

/** A cli-progress bar with bytes, speed and ETA for the CLI; the download code only sees a callback. */
export function createDownloadProgress(options: DownloadProgressOptions = {}): DownloadProgress {
  const stream = options.stream ?? process.stderr;
  if (!(options.enabled ?? stream.isTTY === true)) return SILENT;
  const now = options.now ?? Date.now;

  let bar: cliProgress.SingleBar | undefined;
  let currentFile: string | undefined;
  let speed = new SpeedMeter(now);

  const stop = () => {
    bar?.stop();
    bar = undefined;
    currentFile = undefined;
  };

  const onProgress = (file: string, received: number, total: number | undefined) => {
    if (file !== currentFile || !bar) {
      stop();
      currentFile = file;
      speed = new SpeedMeter(now);
      bar = new cliProgress.SingleBar(
        { stream, format: formatLine, hideCursor: true, barsize: 30, fps: 10 },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total ?? 0, received, { file, received, total });
    }
    speed.sample(received);
    if (total !== undefined && bar.getTotal() !== total) bar.setTotal(total);
    bar.update(received, { file, received, total, bytesPerSecond: speed.bytesPerSecond() });
  };

  return { onProgress, stop };
}

interface LinePayload {
  file: string;
  received: number;
  total: number | undefined;
  bytesPerSecond: number | undefined;
}

/** One line: name, bar and percentage when the size is known, bytes, speed, ETA. */
function formatLine(options: cliProgress.Options, params: cliProgress.Params, payload: object): string {
  const { file, received, total, bytesPerSecond } = payload as LinePayload;
  const rate = bytesPerSecond === undefined ? '--/s' : `${formatBytes(Math.round(bytesPerSecond))}/s`;
  if (total === undefined || total <= 0) return `${file} ${formatBytes(received)} | ${rate}`;
  const width = options.barsize ?? 30;
  const filled = Math.round(Math.min(1, params.progress) * width);
  const barText = `${(options.barCompleteChar ?? '=').repeat(filled)}${(options.barIncompleteChar ?? '-').repeat(width - filled)}`;
  const percent = Math.floor(Math.min(1, params.progress) * 100);
  const eta = bytesPerSecond ? formatDuration((total - received) / bytesPerSecond) : '--';
  return `${file} ${barText} ${percent}% | ${formatBytes(received)} / ${formatBytes(total)} | ${rate} | ETA ${eta}`;
}
