// Q objects: filter conditions combined with and/or/not.
//   Q({ author__username: 'ann' }).or(Q({ tags__name: 'ts' })).not()

export type Connector = 'AND' | 'OR';

export type QChild = Q | readonly [string, unknown];

export class Q {
  readonly children: readonly QChild[];

  constructor(
    conditions: Record<string, unknown> | readonly QChild[] = {},
    readonly connector: Connector = 'AND',
    readonly negated = false,
  ) {
    this.children = Array.isArray(conditions) ? (conditions as readonly QChild[]) : Object.entries(conditions);
  }

  and(other: Q): Q {
    return this.combine(other, 'AND');
  }

  or(other: Q): Q {
    return this.combine(other, 'OR');
  }

  not(): Q {
    return new Q(this.children, this.connector, !this.negated);
  }

  get isEmpty(): boolean {
    return this.children.length === 0;
  }

  private combine(other: Q, connector: Connector): Q {
    if (other.isEmpty) return this;
    if (this.isEmpty) return other;
    return new Q([this, other], connector);
  }
}
