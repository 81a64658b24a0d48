// A one-line progress bar for long collectstatic runs, redrawn in place on a
// terminal's stderr (never written to a pipe, so logs stay clean).
import type { OutputWrapper } from '../../management/output';

const WIDTH = 30;

export function progressBar(stream: OutputWrapper, from: number): { update: (done: number, total: number) => void; done: () => void } {
  let shown = false;
  let last = -1;
  return {
    update(done, total) {
      if (total < from) return;
      const filled = Math.round((done / total) * WIDTH);
      if (filled === last && done !== total) return;
      last = filled;
      shown = true;
      stream.write(`\rCollecting static files [${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${done}/${total}`, undefined, '');
    },
    done() {
      if (shown) stream.write('\r\x1b[K', undefined, '');
    },
  };
}
