import { CapturedOutput, makeStyle, OutputWrapper, shouldColour } from '../../src/management/output';

describe('shouldColour', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true, isTTY: false };

  it('colours a terminal and not a pipe', () => {
    expect(shouldColour(tty, {}, {})).toBe(true);
    expect(shouldColour(pipe, {}, {})).toBe(false);
  });

  it('never colours with --no-color or NO_COLOR, even when forced', () => {
    expect(shouldColour(tty, { noColor: true }, {})).toBe(false);
    expect(shouldColour(tty, {}, { NO_COLOR: '1' })).toBe(false);
    expect(shouldColour(tty, { forceColor: true }, { NO_COLOR: '1' })).toBe(false);
  });

  it('colours a pipe with --force-color or FORCE_COLOR', () => {
    expect(shouldColour(pipe, { forceColor: true }, {})).toBe(true);
    expect(shouldColour(pipe, {}, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldColour(pipe, {}, { FORCE_COLOR: '0' })).toBe(false);
  });
});

describe('makeStyle', () => {
  it('wraps text in ANSI codes only when colouring', () => {
    expect(makeStyle(false).error('boom')).toBe('boom');
    expect(makeStyle(true).error('boom')).toBe('\u001b[1m\u001b[31mboom\u001b[39m\u001b[22m');
    expect(makeStyle(true).success('ok')).toContain('\u001b[32m');
  });
});

describe('OutputWrapper', () => {
  it('adds the line ending once and applies the default style', () => {
    const sink = new CapturedOutput();
    const out = new OutputWrapper(sink, (text) => `<${text}>`);
    out.write('one');
    out.write('two\n');
    out.write('three', (text) => text.toUpperCase(), '');
    expect(sink.text).toBe('<one\n><two\n>THREE');
  });
});
