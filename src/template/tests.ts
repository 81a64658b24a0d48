// The built-in tests (`x is odd`): Jinja2's list. `defined`, `undefined` and
// `none` are compiled inline; they are here too so that select('defined') works.
import { Markup } from './markup';
import { contains, eq, isMapping, type JsOperand } from './values';
import type { TestFunction } from './filters/types';

const test = (fn: (...args: unknown[]) => boolean): TestFunction => Object.assign(fn, { builtin: true });

const isNumber = (v: unknown) => typeof v === 'number' || typeof v === 'bigint';
const isIterable = (v: unknown) =>
  typeof v === 'string' || (v != null && typeof v === 'object' && (Symbol.iterator in v || Symbol.asyncIterator in v || isMapping(v)));

export function builtinTests(): Record<string, TestFunction> {
  const tests: Record<string, TestFunction> = {
    defined: test((v) => v !== undefined),
    undefined: test((v) => v === undefined),
    none: test((v) => v === null),
    boolean: test((v) => typeof v === 'boolean'),
    true: test((v) => v === true),
    false: test((v) => v === false),
    number: test(isNumber),
    integer: test((v) => (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint'),
    // JS has one number type; a float is a number that is not a whole one.
    float: test((v) => typeof v === 'number' && !Number.isInteger(v)),
    string: test((v) => typeof v === 'string' || v instanceof Markup),
    mapping: test((v) => isMapping(v)),
    iterable: test(isIterable),
    sequence: test((v) => typeof v === 'string' || Array.isArray(v) || v instanceof Markup || isMapping(v)),
    callable: test((v) => typeof v === 'function'),
    even: test((v) => Number(v) % 2 === 0),
    odd: test((v) => Math.abs(Number(v) % 2) === 1),
    divisibleby: test((v, n) => Number(v) % Number(n) === 0),
    sameas: test((v, other) => v === other),
    eq: test((a, b) => eq(a, b)),
    ne: test((a, b) => !eq(a, b)),
    lt: test((a, b) => (a as JsOperand) < (b as JsOperand)),
    le: test((a, b) => (a as JsOperand) <= (b as JsOperand)),
    gt: test((a, b) => (a as JsOperand) > (b as JsOperand)),
    ge: test((a, b) => (a as JsOperand) >= (b as JsOperand)),
    in: test((v, seq) => contains(seq, v)),
    lower: test((v) => typeof v === 'string' && v === v.toLowerCase()),
    upper: test((v) => typeof v === 'string' && v === v.toUpperCase()),
    escaped: test((v) => v instanceof Markup),
  };
  Object.assign(tests, {
    equalto: tests.eq, '==': tests.eq, '!=': tests.ne, lessthan: tests.lt, '<': tests.lt, '<=': tests.le,
    greaterthan: tests.gt, '>': tests.gt, '>=': tests.ge,
  });
  return tests;
}
