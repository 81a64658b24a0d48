// Small AST queries the compiler needs before generating code.
import type { Stmt, Target } from './nodes';

/** Does any expression under `node` mention the variable `name`? (Over-approximates.) */
export function mentions(node: unknown, name: string): boolean {
  if (Array.isArray(node)) return node.some((n) => mentions(n, name));
  if (node !== null && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    if (n.k === 'name' && n.name === name) return true;
    for (const key in n) if (typeof n[key] === 'object' && mentions(n[key], name)) return true;
  }
  return false;
}

export function targetNames(target: Target, out: string[] = []): string[] {
  if (target.k === 'name') out.push(target.name);
  else if (target.k === 'tuple') target.items.forEach((t) => targetNames(t, out));
  return out;
}

/**
 * Names a body assigns in its own scope: if, filter, autoescape and cache blocks share
 * their parent's scope; for, with, macro, call and block bodies have their own.
 */
export function assignedNames(body: Stmt[], out = new Set<string>()): Set<string> {
  for (const s of body) {
    switch (s.k) {
      case 'set':
      case 'blockset':
        targetNames(s.target).forEach((n) => out.add(n));
        break;
      case 'macro':
        out.add(s.name);
        break;
      case 'import':
        out.add(s.alias);
        break;
      case 'fromimport':
        s.names.forEach(([, alias]) => out.add(alias));
        break;
      case 'if':
        s.branches.forEach((b) => assignedNames(b.body, out));
        assignedNames(s.else, out);
        break;
      case 'filterblock':
      case 'autoescape':
      case 'cache':
        assignedNames(s.body, out);
        break;
    }
  }
  return out;
}

/** Every {% block %} in the template, however deeply nested. */
export function collectBlocks(body: Stmt[], out: Array<Extract<Stmt, { k: 'block' }>> = []): Array<Extract<Stmt, { k: 'block' }>> {
  for (const s of body) {
    if (s.k === 'block') out.push(s);
    for (const key of ['body', 'else'] as const) {
      const child = (s as Record<string, unknown>)[key];
      if (Array.isArray(child)) collectBlocks(child as Stmt[], out);
    }
    if (s.k === 'if') s.branches.forEach((b) => collectBlocks(b.body, out));
  }
  return out;
}
