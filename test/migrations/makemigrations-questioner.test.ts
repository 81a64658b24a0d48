// The questioner's parts: flag answers and literals, and the terminal prompts (driven
// through prompts' injection).
import prompts from 'prompts';
import { PassThrough } from 'node:stream';
import { parseAnswers, parseLiteral, terminalPrompter } from '../../src/orm/migrations/questioner';

describe('answers on the command line', () => {
  it('parse renames of fields and models, and defaults as JS or JSON literals', () => {
    const answers = parseAnswers(['blog.Post.title=headline', 'blog.Author=Writer', 'blog.Post.body='], ["blog.Post.slug=''", 'blog.Post.n=0', 'blog.Post.tags=["a"]', 'blog.Post.meta={ a: 1 }']);
    expect([...answers.renames]).toEqual([['blog.post.title', 'headline'], ['blog.author', 'Writer'], ['blog.post.body', '']]);
    expect([...answers.defaults]).toEqual([['blog.post.slug', ''], ['blog.post.n', 0], ['blog.post.tags', ['a']], ['blog.post.meta', { a: 1 }]]);
  });

  it('refuse malformed answers with a usage error', () => {
    expect(() => parseAnswers(['blog.Post'])).toThrow("--rename 'blog.Post' is not of the form app.Model.field=newName or app.Model=NewName.");
    expect(() => parseAnswers([], ['blog.Post=1'])).toThrow('is not of the form app.Model.field=value');
    expect(() => parseLiteral('draft', 'default')).toThrow("Quote strings");
    expect(() => parseLiteral('() => 1', 'default')).toThrow('not a value a migration can hold');
    try {
      parseAnswers(['x']);
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
  });
});

describe('terminal prompts', () => {
  it('confirm and read a line', async () => {
    const prompter = terminalPrompter(new PassThrough(), new PassThrough());
    prompts.inject([true, "'x'"]);
    expect(await prompter.confirm('Did you rename post.title to post.headline (a CharField)? [y/N]')).toBe(true);
    expect(await prompter.text('Enter a one-off default', () => true)).toBe("'x'");
  });
});
