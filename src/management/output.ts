// Command output: streams that add the line ending, and styles that colour text only
// when the stream is a terminal (never with --no-color or NO_COLOR set).
import { Writable } from 'node:stream';

/** Where output goes: process.stdout, or a capture in callCommand(). */
export interface TextSink {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** A sink as a writable stream, for what wants one (a REPL, a prompt): streams as they are, captured output wrapped. */
export function sinkStream(sink: TextSink): NodeJS.WritableStream {
  if (sink instanceof Writable || sink === process.stdout || sink === process.stderr) return sink as NodeJS.WritableStream;
  return new Writable({
    write(chunk, _encoding, done) {
      sink.write(String(chunk));
      done();
    },
  });
}

/** The streams a command writes to and reads from. */
export interface CommandIO {
  stdout: TextSink;
  stderr: TextSink;
  stdin?: NodeJS.ReadableStream;
}

export const processIO = (): CommandIO => ({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });

export type StyleFunction = (text: string) => string;

const ANSI = {
  bold: [1, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  white: [37, 39],
} as const;
type Colour = keyof typeof ANSI;

const STYLE_COLOURS = {
  error: ['red', 'bold'],
  success: ['green', 'bold'],
  warning: ['yellow'],
  notice: ['red'],
  sqlField: ['green', 'bold'],
  sqlColtype: ['green'],
  sqlKeyword: ['yellow'],
  sqlTable: ['bold'],
  httpInfo: ['bold'],
  httpSuccess: [],
  httpRedirect: ['green'],
  httpNotModified: ['cyan'],
  httpBadRequest: ['red', 'bold'],
  httpNotFound: ['yellow'],
  httpServerError: ['magenta', 'bold'],
  migrateHeading: ['cyan', 'bold'],
  migrateLabel: ['bold'],
} satisfies Record<string, Colour[]>;

export type Style = Record<keyof typeof STYLE_COLOURS, StyleFunction>;

const plain: StyleFunction = (text) => text;

export function makeStyle(colour: boolean): Style {
  const style = {} as Style;
  for (const [name, colours] of Object.entries(STYLE_COLOURS) as [keyof Style, Colour[]][]) {
    style[name] =
      colour && colours.length > 0
        ? (text) => colours.reduce((out, c) => `\u001b[${ANSI[c][0]}m${out}\u001b[${ANSI[c][1]}m`, text)
        : plain;
  }
  return style;
}

/** Whether to colour a stream: --no-color and NO_COLOR win, then --force-color/FORCE_COLOR, then isTTY. */
export function shouldColour(
  sink: TextSink,
  options: { noColor?: boolean; forceColor?: boolean } = {},
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (options.noColor || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (options.forceColor || (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0')) return true;
  return sink.isTTY === true;
}

/** A command's stdout or stderr: `write(msg)` adds the newline, and applies a default style if set. */
export class OutputWrapper {
  constructor(
    readonly sink: TextSink,
    public styleFunction: StyleFunction = plain,
  ) {}

  write(message = '', style?: StyleFunction, ending = '\n'): void {
    const text = ending && !message.endsWith(ending) ? message + ending : message;
    this.sink.write((style ?? this.styleFunction)(text));
  }

  get isTTY(): boolean {
    return this.sink.isTTY === true;
  }
}

/** Collects what a command writes, for callCommand() and tests. */
export class CapturedOutput implements TextSink {
  text = '';
  isTTY = false;

  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}
