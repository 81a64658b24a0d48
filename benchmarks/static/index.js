#!/usr/bin/env node
// `npm run bench -- static [collect|serve]` (after `npm run build`): collectstatic of
// generated files, cold and unchanged (collect.js); serving one hashed CSS file with
// wrk against nginx (serve.js). With no argument both run.
'use strict';
const parts = ['collect', 'serve'];
const chosen = process.argv.slice(2).filter((arg) => parts.includes(arg));
(async () => {
  for (const part of chosen.length ? chosen : parts) await require(`./${part}`).run(process.argv.slice(2));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
