#!/usr/bin/env node
// `npm run bench -- forms` (after `npm run build`): validates and renders a bound
// 12-field form with five fields in error, with hyper's forms (validation, then asP()
// through the template engine), with zod and a hand-written template-literal renderer,
// and with Django's forms (python3-django, run as a child process after the Node
// rounds, so the two never share the CPU); prints median forms per second and ratios.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const forms = require('../../dist/src/forms');
const { QueryDict } = require('../../dist/src/http/query-dict');
const { zodPeer } = require('./peer-zod');
const { ROUNDS, fmt, compareOps } = require('../support/ops');

const ROUND_MS = Number(process.env.BENCH_ROUND_MS || 400);
const PYTHON = process.env.BENCH_PYTHON || '/usr/bin/python3';
const spec = JSON.parse(fs.readFileSync(path.join(__dirname, 'data.json'), 'utf8'));

const { CharField, EmailField, URLField, SlugField, IntegerField, DecimalField, FloatField, BooleanField, ChoiceField, MultipleChoiceField, DateField, Textarea } = forms;
class Signup extends forms.form({
  name: CharField({ maxLength: 50 }),
  email: EmailField(),
  website: URLField({ required: false }),
  slug: SlugField(),
  age: IntegerField({ minValue: 0, maxValue: 150 }),
  price: DecimalField({ maxDigits: 8, decimalPlaces: 2 }),
  rating: FloatField({ minValue: 0, maxValue: 5 }),
  agree: BooleanField(),
  color: ChoiceField({ choices: spec.colors }),
  tags: MultipleChoiceField({ choices: spec.tags }),
  birthday: DateField(),
  bio: CharField({ widget: new Textarea(), required: false }),
}) {}

const query = new QueryDict();
for (const [key, value] of Object.entries(spec.data)) for (const v of [].concat(value)) query.append(key, v);

async function hyperOnce() {
  const form = new Signup({ data: query });
  await form.isValid();
  return form.asP().html;
}
const zodOnce = zodPeer(spec);
const plain = Object.fromEntries(Object.entries(spec.data));

(async () => {
  const sample = await hyperOnce();
  if (!sample.includes('errorlist') || !zodOnce(plain).includes('errorlist')) throw new Error('the benchmark form has no errors: check data.json');
  console.log(`node ${process.version}; ${ROUNDS} rounds of ${ROUND_MS} ms; a bound 12-field form, 5 fields in error, validated and rendered`);
  const { hyper, zod } = await compareOps({ hyper: hyperOnce, zod: () => zodOnce(plain) }, { roundMs: ROUND_MS, batch: 20, warmup: 2000 });
  const py = spawnSync(PYTHON, [path.join(__dirname, 'django_forms.py')], { encoding: 'utf8', env: { ...process.env, BENCH_ROUNDS: String(ROUNDS), BENCH_ROUND_MS: String(ROUND_MS) } });
  let django = null;
  if (py.status === 0) django = JSON.parse(py.stdout);
  else console.log(`Django not measured (${PYTHON}: ${(py.stderr || py.error?.message || '').trim().split('\n').pop()}); apt-get install python3-django`);
  console.log('peer'.padEnd(34), 'forms/s'.padStart(10), 'hyper / peer'.padStart(14));
  console.log('hyper forms (asP)'.padEnd(34), fmt(hyper).padStart(10), ''.padStart(14));
  console.log('zod 4 + template literals'.padEnd(34), fmt(zod).padStart(10), `${(hyper / zod).toFixed(2)}x`.padStart(14));
  if (django) console.log(`Django ${django.django} (as_p), Python ${django.python}`.padEnd(34), fmt(django.opsPerSecond).padStart(10), `${(hyper / django.opsPerSecond).toFixed(2)}x`.padStart(14));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
