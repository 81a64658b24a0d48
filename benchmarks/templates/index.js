#!/usr/bin/env node
// `npm run bench -- templates` (after `npm run build`): renders the same templates
// with hyper, nunjucks (the JS port of Jinja2) and eta in one run, and prints
// median ops/s, ratios and compile times.
//
// Loading nunjucks changes the process for everyone: its SafeString is built with
// Object.create(String.prototype), which turns String.prototype into a dictionary, so
// every string method call (slice, toLowerCase, charCodeAt ...) is slower for all three
// engines from then on. The figures are taken in that state, the same for each engine;
// docs/benchmarks.md gives hyper / eta without nunjucks loaded too.
'use strict';
const { performance } = require('node:perf_hooks');
const nunjucks = require('nunjucks');
const { Eta } = require('eta');
const hyper = require('../../dist/src/template');
const { jinja, eta: etaTemplates, fortunesData, heavyFortunesData, pageData } = require('./templates');

const { ROUNDS, median, fmt, compareOps } = require('../support/ops');
const ROUND_MS = Number(process.env.BENCH_ROUND_MS || 400);


function makeHyper() {
  return new hyper.Environment({ loader: new hyper.DictLoader(jinja) });
}

function makeNunjucks() {
  const Loader = nunjucks.Loader.extend({ getSource: (name) => ({ src: jinja[name], path: name, noCache: false }) });
  return new nunjucks.Environment(new Loader(), { autoescape: true });
}

const etaHelpers = {
  title: (s) => String(s).replace(/([^\s\-_([{]+)/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase()),
  truncate: (s, n) => {
    if (s.length <= n + 5) return s;
    const head = s.slice(0, n - 3);
    const cut = head.lastIndexOf(' ');
    return (cut < 0 ? head : head.slice(0, cut)) + '...';
  },
};

function makeEta() {
  const e = new Eta({ autoEscape: true, cache: true });
  for (const [name, src] of Object.entries(etaTemplates)) e.loadTemplate(name, src);
  return e;
}

/** Median milliseconds to compile `names` from scratch. */
function compileTime(compile) {
  const times = [];
  for (let r = 0; r < 15; r++) {
    const start = performance.now();
    compile();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function scenario(title, hyperName, etaName, data) {
  const h = makeHyper();
  const nj = makeNunjucks();
  const et = makeEta();
  const ht = h.getTemplate(hyperName);
  const nt = nj.getTemplate(hyperName);
  const outputs = { hyper: await ht.render(data), nunjucks: nt.render(data), eta: et.render(etaName, { ...data, h: etaHelpers }) };
  const rates = await compareOps(
    {
      hyper: () => ht.render(data),
      nunjucks: () => nt.render(data),
      eta: () => et.render(etaName, { ...data, h: etaHelpers }),
    },
    { roundMs: ROUND_MS },
  );
  console.log(`\n${title}`);
  for (const [engine, rate] of Object.entries(rates)) {
    console.log(`  ${engine.padEnd(9)} ${fmt(rate).padStart(10)} ops/s   (${outputs[engine].length} bytes out)`);
  }
  console.log(`  hyper / nunjucks = ${(rates.hyper / rates.nunjucks).toFixed(1)}x   hyper / eta = ${(rates.hyper / rates.eta).toFixed(2)}x`);
  return rates;
}

async function main() {
  console.log(`templates benchmark: node ${process.version}, ${ROUNDS} rounds x ${ROUND_MS} ms, median ops/s`);
  await scenario('fortunes (100 rows, escaping)', 'fortunes.html', '@fortunes', fortunesData());
  await scenario('fortunes, escape-heavy (every message holds several of < > & " \')', 'fortunes.html', '@fortunes', heavyFortunesData());
  await scenario('page (extends, super, includes, loops, filters)', 'page.html', '@page', pageData());

  const names = Object.keys(jinja);
  const compile = {
    hyper: compileTime(() => {
      const env = makeHyper();
      for (const name of names) env.getTemplate(name);
    }),
    nunjucks: compileTime(() => {
      const env = makeNunjucks();
      for (const name of names) env.getTemplate(name, true);
    }),
    eta: compileTime(() => {
      const e = new Eta({ autoEscape: true, cache: true });
      for (const [name, src] of Object.entries(etaTemplates)) e.loadTemplate(name, e.compile(src));
    }),
  };
  console.log(`\ncompile all ${names.length} templates (median ms)`);
  for (const [engine, ms] of Object.entries(compile)) console.log(`  ${engine.padEnd(9)} ${ms.toFixed(2).padStart(8)} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
