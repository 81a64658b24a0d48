// The questions createsuperuser and changepassword ask on a terminal, through
// `prompts`: passwords are read without echo (nothing at all is printed as they are
// typed). Tests answer with prompts.inject([...]).
import type prompts from 'prompts';
import { CommandError } from '../../core/command-errors';

type Prompts = typeof prompts;
// Required when a question is asked: loading every command to list and check them stays light.
const loadPrompts = (): Prompts => require('prompts') as Prompts;

export interface AuthPrompter {
  text(message: string, initial?: string): Promise<string>;
  password(message: string): Promise<string>;
  confirm(message: string): Promise<boolean>;
}

/** Whether questions can be asked: a terminal on stdin, or answers injected by a test. */
export function canPrompt(stdin: NodeJS.ReadableStream): boolean {
  return (stdin as NodeJS.ReadStream).isTTY === true || ((loadPrompts() as unknown as { _injected?: unknown[] })._injected?.length ?? 0) > 0;
}

/** `stdout` is a stream (a command passes sinkStream(this.stdout.sink), so tests capture the questions). */
export function terminalPrompter(stdin: NodeJS.ReadableStream, stdout: NodeJS.WritableStream): AuthPrompter {
  const io = { stdin: stdin as NodeJS.ReadStream, stdout: stdout as NodeJS.WriteStream };
  const onCancel = () => {
    throw new CommandError('Operation cancelled.');
  };
  const ask = async (question: Omit<prompts.PromptObject, 'name'>): Promise<unknown> => (await loadPrompts()({ ...question, name: 'answer', ...io }, { onCancel })).answer;
  return {
    text: async (message, initial) => String((await ask({ type: 'text', message, initial })) ?? ''),
    // 'invisible' echoes nothing, like a Unix password prompt (no length is shown either).
    password: async (message) => String((await ask({ type: 'invisible', message })) ?? ''),
    confirm: async (message) => Boolean(await ask({ type: 'confirm', message, initial: false })),
  };
}
