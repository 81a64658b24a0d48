// Autoescaping writes MarkupSafe's entities (& < > " ' as &amp; &lt; &gt; &#34; &#39;)
// whatever the mix: values with none, one, or many special characters (the last take
// a different path for speed), next to multi-byte text, in templates and in escape().
import { Environment, DictLoader } from '../../src/template';
import { escape, escapeHtml } from '../../src/template/markup';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const byHand = (s: string) => [...s].map((c) => ENTITIES[c] ?? c).join('');

test('every string escapes to the same text as a character-by-character table, however many special characters it holds', () => {
  const alphabet = ['&', '<', '>', '"', "'", 'a', ' ', 'é', 'ベ', '😀', '&amp;'];
  const samples = ['', 'plain', '<', "'", 'a&b', '<<', '&&&&', '"\'', 'x<y>z', '<script>alert("x" & \'y\')</script>'];
  for (let i = 0; i < 5000; i++) {
    let s = '';
    const n = Math.floor(Math.random() * 16);
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
    samples.push(s);
  }
  for (const s of samples) {
    expect(escapeHtml(s)).toBe(byHand(s));
    expect(escape(s).html).toBe(byHand(s));
  }
});

test('long values escape the same, however long (the scratch space grows, and the longest take another way)', () => {
  const unit = `a<b & "c" 'd' > é `;
  for (const length of [900, 5000, 17000, 40000]) {
    const s = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    expect(escapeHtml(s)).toBe(byHand(s));
    expect(escapeHtml(`${s}ベ`)).toBe(byHand(`${s}ベ`));
  }
});

test('escape-heavy rows render escaped in a template, and a value marked safe is left alone', async () => {
  const env = new Environment({ loader: new DictLoader({ 'rows.html': '{% for r in rows %}<td title="{{ r }}">{{ r }}</td>{% endfor %}{{ safe|safe }}' }) });
  const rows = [`if (a < b && c > d) "ok" & 'fine'`, '<<>>', "'", 'none'];
  const html = await env.getTemplate('rows.html').render({ rows, safe: '<b>kept</b>' });
  expect(html).toBe(`${rows.map((r) => `<td title="${byHand(r)}">${byHand(r)}</td>`).join('')}<b>kept</b>`);
});
