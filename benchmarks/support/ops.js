// Shared by the in-process benchmarks (templates, signing, ...): operations per second
// of functions, sync or async, measured side by side as the median of timed rounds.
'use strict';
const { performance } = require('node:perf_hooks');

const ROUNDS = Number(process.env.BENCH_ROUNDS || 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');

/**
 * Calls `fn` `batch` times per step, awaiting each call when it returns a promise.
 * @returns {() => void | Promise<void>}
 */
function batchRunner(fn, batch) {
  const isAsync = typeof fn()?.then === 'function';
  return isAsync
    ? async () => {
        for (let i = 0; i < batch; i++) await fn();
      }
    : () => {
        for (let i = 0; i < batch; i++) fn();
      };
}

/** ops/s over one round of `roundMs`. */
async function roundRate(runBatch, batch, roundMs) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < roundMs) {
    await runBatch();
    n += batch;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/**
 * The median ops/s of each of several functions measured side by side: every round
 * runs each once, in a rotating order, so a slow moment of the machine falls on all
 * of them rather than on whichever was being measured then.
 */
async function compareOps(fns, { rounds = ROUNDS, roundMs = 400, batch = 50, warmup = 200 } = {}) {
  const names = Object.keys(fns);
  const runners = Object.fromEntries(names.map((name) => [name, batchRunner(fns[name], batch)]));
  for (const name of names) for (let i = 0; i < warmup; i += batch) await runners[name]();
  const rates = Object.fromEntries(names.map((name) => [name, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length];
      rates[name].push(await roundRate(runners[name], batch, roundMs));
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(rates[name])]));
}

module.exports = { ROUNDS, median, fmt, compareOps };
