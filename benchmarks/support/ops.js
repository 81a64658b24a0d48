// Shared by the in-process benchmarks (templates, signing, ...): operations per second
// of a function, sync or async, as the median of timed rounds.
'use strict';
const { performance } = require('node:perf_hooks');

const ROUNDS = Number(process.env.BENCH_ROUNDS || 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');

/**
 * ops/s of `fn`: after a warm-up, `rounds` rounds of `roundMs` each, calling it in
 * batches (awaited one by one when it returns a promise); the median round.
 */
async function opsPerSecond(fn, { rounds = ROUNDS, roundMs = 400, batch = 50, warmup = 200 } = {}) {
  const isAsync = typeof fn()?.then === 'function';
  const runBatch = isAsync
    ? async () => {
        for (let i = 0; i < batch; i++) await fn();
      }
    : () => {
        for (let i = 0; i < batch; i++) fn();
      };
  for (let i = 0; i < warmup; i += batch) await runBatch();
  const rates = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now - start < roundMs) {
      await runBatch();
      n += batch;
      now = performance.now();
    }
    rates.push((n * 1000) / (now - start));
  }
  return median(rates);
}

module.exports = { ROUNDS, median, fmt, opsPerSecond };
