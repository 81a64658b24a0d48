// url() is a default global of the template engine: with only hyperdjango/template and
// hyperdjango/urls loaded (no shortcuts, no management, no setup call), a template
// reverses a URL. Run in a child `node` on the built dist/, as a user's program loads
// the package, so the modules it loads can be listed.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const dist = path.resolve(__dirname, '../../dist/src');

test("{{ url('name') }} renders with only the template and URL layers loaded", () => {
  if (!fs.existsSync(path.join(dist, 'template/index.js'))) throw new Error(`${dist} is missing: run \`npm run build\` before these tests.`);
  const script = `
    const { fromString } = require(${JSON.stringify(path.join(dist, 'template'))});
    const { path, include, setUrlconf } = require(${JSON.stringify(path.join(dist, 'urls'))});
    const view = async () => null;
    setUrlconf([path('posts/<int:id>/', view, { name: 'post' }), path('blog/', include([[path('<slug:slug>/', view, { name: 'entry' })], 'blog']))]);
    fromString("{{ url('post', id=3) }} {{ url('blog:entry', 'hello') }}").render({}).then((html) => {
      const loaded = Object.keys(require.cache).map((file) => file.slice(${JSON.stringify(dist)}.length + 1)).filter((file) => /^(shortcuts|management|middleware|test-client)\\//.test(file));
      process.stdout.write(JSON.stringify({ html, loaded }));
    });
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { html: string; loaded: string[] };
  expect(out).toEqual({ html: '/posts/3/ /blog/hello/', loaded: [] });
});
