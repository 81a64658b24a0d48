// The shape cache's safety net: under HYPER_VERIFY_SQL_CACHE=1 (on for the whole test
// suite) every cached statement is also compiled fresh; an expression whose shape key
// misses a difference in its SQL, or binds in another order when only collecting
// values, fails with CompilerError instead of running the wrong statement.
import { CompilerError, Expression } from '../../src/orm';
import type { Resolved } from '../../src/orm/expressions/expression';
import { NOTHING, setVerifySqlCache } from '../../src/orm/query/compile-context';
import { Author } from './models';
import { useDatabase } from './support';

/** A user's expression with a wrong key: the comparison operator is left out of it. */
class Compare extends Expression {
  constructor(readonly operator: '=' | '<>') {
    super();
  }
  resolve(): Resolved {
    const operator = this.operator;
    return { key: 'compare', outputField: null, containsAggregate: false, compile: (ctx) => ctx.sql`${ctx.ref(ctx.baseAlias, 'username')} ${ctx.raw(operator)} ${ctx.param('ann')}` };
  }
}

/** Binds its two values in one order when building SQL and in the other when only collecting them. */
class Swapped extends Expression {
  resolve(): Resolved {
    return {
      key: 'swapped',
      outputField: null,
      containsAggregate: false,
      compile: (ctx) => {
        if (!ctx.building) {
          ctx.param('bob');
          ctx.param('ann');
          return NOTHING;
        }
        const first = ctx.param('ann');
        const second = ctx.param('bob');
        return ctx.sql`${ctx.ref(ctx.baseAlias, 'username')} IN (${first}, ${second}) AND ${ctx.ref(ctx.baseAlias, 'username')} <> ${second}`;
      },
    };
  }
}

describe('the shape cache check', () => {
  useDatabase('pglite');
  afterEach(() => setVerifySqlCache(undefined));

  beforeEach(async () => {
    await Author.objects.create({ username: 'ann' });
    await Author.objects.create({ username: 'bob' });
  });

  it('is on in the test suite', () => {
    expect(process.env.HYPER_VERIFY_SQL_CACHE).toBe('1');
  });

  it('catches a cached statement whose SQL differs from a fresh compilation', async () => {
    setVerifySqlCache(true);
    expect(await Author.objects.filter(new Compare('=')).valuesList('username', { flat: true })).toEqual(['ann']);
    const wrong = Author.objects.filter(new Compare('<>')).valuesList('username', { flat: true });
    await expect(wrong).rejects.toThrow(CompilerError);
    await expect(Author.objects.filter(new Compare('<>')).valuesList('username', { flat: true })).rejects.toMatchObject({ code: 'HYPER_ORM_COMPILER', message: expect.stringContaining('Fresh:  SELECT') });
  });

  it('catches parameters bound in another order than the cached SQL expects', async () => {
    setVerifySqlCache(true);
    expect(await Author.objects.filter(new Swapped()).valuesList('username', { flat: true })).toEqual(['ann']);
    await expect(Author.objects.filter(new Swapped()).valuesList('username', { flat: true })).rejects.toThrow(/parameters of a select statement are not in the order/);
  });

  it('without it, the wrong cached statement runs (what the check exists to prevent)', async () => {
    setVerifySqlCache(false);
    expect(await Author.objects.filter(new Compare('=')).valuesList('username', { flat: true })).toEqual(['ann']);
    expect(await Author.objects.filter(new Compare('<>')).valuesList('username', { flat: true })).toEqual(['ann']);
  });
});
