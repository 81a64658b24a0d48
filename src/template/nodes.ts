// The template AST. Every node keeps its source offset so that the compiler can
// report errors and track the current line.

export type Expr =
  | { k: 'const'; pos: number; value: string | number | boolean | null }
  | { k: 'name'; pos: number; name: string }
  | { k: 'list'; pos: number; items: Expr[] }
  | { k: 'tuple'; pos: number; items: Expr[] }
  | { k: 'dict'; pos: number; pairs: Array<[Expr, Expr]> }
  | { k: 'bin'; pos: number; op: string; left: Expr; right: Expr }
  | { k: 'unary'; pos: number; op: 'not' | '-' | '+'; expr: Expr }
  | { k: 'compare'; pos: number; expr: Expr; ops: Array<{ op: string; expr: Expr }> }
  | { k: 'cond'; pos: number; test: Expr; then: Expr; else: Expr | null }
  | { k: 'getattr'; pos: number; obj: Expr; name: string }
  | { k: 'getitem'; pos: number; obj: Expr; key: Expr }
  | { k: 'slice'; pos: number; obj: Expr; start: Expr | null; stop: Expr | null; step: Expr | null }
  | Call
  | Filter
  | { k: 'test'; pos: number; name: string; expr: Expr; args: Expr[]; kwargs: Array<[string, Expr]>; negated: boolean };

export interface CallArgs {
  args: Expr[];
  kwargs: Array<[string, Expr]>;
  starArgs: Expr | null;
  starKwargs: Expr | null;
}

export interface Call extends CallArgs {
  k: 'call';
  pos: number;
  callee: Expr;
}

/** `expr|name(args)`; `expr` is null inside {% filter %} blocks and {% set x | f %}. */
export interface Filter {
  k: 'filter';
  pos: number;
  name: string;
  expr: Expr | null;
  args: Expr[];
  kwargs: Array<[string, Expr]>;
}

/** What set/for/with assign to: a name, a tuple of targets, or `ns.attr`. */
export type Target =
  | { k: 'name'; pos: number; name: string }
  | { k: 'tuple'; pos: number; items: Target[] }
  | { k: 'nsattr'; pos: number; name: string; attr: string };

export interface MacroParam {
  name: string;
  default: Expr | null;
}

export type Stmt =
  | { k: 'data'; pos: number; text: string }
  | { k: 'print'; pos: number; expr: Expr }
  | { k: 'if'; pos: number; branches: Array<{ test: Expr; body: Stmt[] }>; else: Stmt[] }
  | { k: 'for'; pos: number; target: Target; iter: Expr; filter: Expr | null; recursive: boolean; body: Stmt[]; else: Stmt[] }
  | { k: 'set'; pos: number; target: Target; expr: Expr }
  | { k: 'blockset'; pos: number; target: Target; filters: Filter[]; body: Stmt[] }
  | { k: 'with'; pos: number; assigns: Array<{ target: Target; expr: Expr }>; body: Stmt[] }
  | { k: 'block'; pos: number; name: string; body: Stmt[]; scoped: boolean; required: boolean }
  | { k: 'extends'; pos: number; expr: Expr }
  | { k: 'include'; pos: number; expr: Expr; ignoreMissing: boolean; withContext: boolean }
  | { k: 'import'; pos: number; expr: Expr; alias: string; withContext: boolean }
  | { k: 'fromimport'; pos: number; expr: Expr; names: Array<[string, string]>; withContext: boolean }
  | { k: 'macro'; pos: number; name: string; params: MacroParam[]; body: Stmt[] }
  | { k: 'callblock'; pos: number; call: Call; params: MacroParam[]; body: Stmt[] }
  | { k: 'filterblock'; pos: number; filters: Filter[]; body: Stmt[] }
  | { k: 'autoescape'; pos: number; value: boolean; body: Stmt[] }
  | { k: 'cache'; pos: number; timeout: Expr; name: string; vary: Expr[]; using: Expr | null; body: Stmt[] }
  | { k: 'do'; pos: number; expr: Expr }
  | { k: 'break'; pos: number }
  | { k: 'continue'; pos: number };
