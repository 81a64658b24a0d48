// Compile-time shape of QuerySet<M, R> (checked by `npm run typecheck`, a step of
// npm test): values(), valuesList() and annotate() narrow the rows a
// QuerySet gives, and filter() keys start with a field of the model. Each
// `@ts-expect-error` line is a use that must not compile: if it ever does, tsc reports
// the unused directive and the suite fails.
import { Avg, CharField, Count, DecimalField, Exists, F, ForeignKey, IntegerField, ManyToManyField, model, OuterRef, Q, Sum, type Manager, type QuerySet, type RelatedManager } from '../../src/orm';

class Tag extends model({ name: CharField({ maxLength: 20 }) }, { appLabel: 'typed' }) {}
class Writer extends model({ username: CharField({ maxLength: 50 }) }, { appLabel: 'typed' }) {
  declare static objects: Manager<Writer>;
  declare books: RelatedManager<Novel>;
}
class Novel extends model(
  {
    title: CharField({ maxLength: 50 }),
    pages: IntegerField({ null: true }),
    price: DecimalField({ maxDigits: 6, decimalPlaces: 2 }),
    writer: ForeignKey(() => Writer, { onDelete: 'CASCADE', relatedName: 'books' }),
    tags: ManyToManyField(() => Tag),
  },
  { appLabel: 'typed' },
) {
  declare static objects: Manager<Novel>;
  get shout(): string {
    return this.title.toUpperCase();
  }
}

/** Compiles only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function same<A, B>(_proof: Equal<A, B>): void {}

async function rows(): Promise<void> {
  // Instances until the row changes.
  const novels = await Novel.objects.filter({ title__icontains: 'x' });
  same<typeof novels, Novel[]>(true);
  same<Awaited<ReturnType<typeof Novel.objects.get>>, Novel>(true);
  same<Awaited<ReturnType<typeof Novel.objects.first>>, Novel | null>(true);

  // values('a', 'b'): records of those fields; a forward key gives its key, as the run time does.
  const titles = await Novel.objects.values('title', 'pages', 'writer');
  same<typeof titles, Array<{ title: string; pages: number | null; writer: number | string }>>(true);
  // values() without names: every column, keys as <name>Id, and the implicit id.
  const columns = await Novel.objects.values();
  same<typeof columns, Array<{ id: number; title: string; pages: number | null; price: string; writerId: number | string }>>(true);
  // Across a relation the value is not known from the model: unknown.
  const spanned = await Novel.objects.values('writer__username');
  same<typeof spanned, Array<{ writer__username: unknown }>>(true);
  // Expressions named in values() are typed by what they give.
  const counted = await Novel.objects.values('title', { nTags: Count('tags') });
  same<typeof counted, Array<{ title: string; nTags: number }>>(true);

  // valuesList: tuples, or single values with { flat: true }, or records with { named: true }.
  const pairs = await Novel.objects.valuesList('id', 'title');
  same<typeof pairs, Array<[number, string]>>(true);
  const flat = await Novel.objects.valuesList('title', { flat: true });
  same<typeof flat, string[]>(true);
  const named = await Novel.objects.valuesList('title', 'pages', { named: true });
  same<typeof named, Array<{ title: string; pages: number | null }>>(true);
  const firstTitle = await Novel.objects.orderBy('title').valuesList('title', { flat: true }).first();
  same<typeof firstTitle, string | null>(true);

  // annotate() adds to the row: Count a number, Sum/Avg a number (a string for decimals) or null, Exists a boolean.
  const annotated = await Writer.objects.annotate({
    nBooks: Count('books'),
    total: Sum('books__price'),
    mean: Avg('books__pages'),
    tagged: Exists(Novel.objects.filter({ writer: OuterRef('pk'), tags__isnull: false })),
    echo: F('username'),
  });
  same<typeof annotated[number]['nBooks'], number>(true);
  same<typeof annotated[number]['total'], number | string | null>(true);
  same<typeof annotated[number]['mean'], number | string | null>(true);
  same<typeof annotated[number]['tagged'], boolean>(true);
  same<typeof annotated[number]['echo'], unknown>(true);
  const writer: Writer = annotated[0];
  // After values(), an annotation joins the record; values() without names includes it.
  const grouped = await Novel.objects.values('writer').annotate({ n: Count('id') });
  same<typeof grouped, Array<{ writer: number | string } & { n: number }>>(true);
  const all = await Novel.objects.annotate({ n: Count('tags') }).values();
  same<typeof all[number]['n'], number>(true);
  const annotatedTitles = await Novel.objects.annotate({ n: Count('tags') }).values('title', 'n');
  same<typeof annotatedTitles, Array<{ title: string; n: number }>>(true);

  const stats = await Novel.objects.aggregate({ total: Count('id'), pages: Sum('pages') });
  same<typeof stats, { total: number; pages: number | string | null }>(true);

  for await (const _pair of Novel.objects.valuesList('id', 'title')) same<typeof _pair, [number, string]>(true);
  String([writer, novels, titles, columns, spanned, counted, pairs, flat, named, firstTitle, grouped, all, annotatedTitles, stats]);
}

async function lookups(key: string): Promise<void> {
  // Fields, keys, the implicit id, pk, relations (forward, many-to-many, declared reverse) and their lookups.
  await Novel.objects.filter({ title: 'x', title__icontains: 'x', pages__gte: 3, writerId: 1, id: 1, pk: 1, writer__username: 'ann', tags__name__in: ['a'] });
  await Writer.objects.filter({ books__title: 'x' }).exclude({ books__pages__isnull: true });
  await Novel.objects.get({ title: 'x' });
  // Annotations and aliases can be filtered on once declared.
  await Novel.objects.annotate({ n: Count('tags') }).filter({ n__gte: 2 });
  await Novel.objects.alias({ n: Count('tags') }).filter({ n: 2 }).exclude({ n__lt: 1 });
  // Keys built at run time stay possible, and Q() is not tied to a model.
  await Novel.objects.filter({ [`${key}__in`]: [1, 2] }, Q({ anything: 1 }));

  // @ts-expect-error a misspelt field
  await Novel.objects.filter({ titel: 'x' });
  // @ts-expect-error a misspelt field, before a lookup
  await Novel.objects.exclude({ titel__icontains: 'x' });
  // @ts-expect-error a misspelt field in get()
  await Novel.objects.get({ titl: 'x' });
  // @ts-expect-error a getter is not a field
  await Novel.objects.filter({ shout: 'X' });
  // @ts-expect-error an annotation of another QuerySet
  await Novel.objects.filter({ n__gte: 2 });
  // @ts-expect-error values() of a field the model lacks
  await Novel.objects.values('titel');
  // @ts-expect-error valuesList() of a field the model lacks
  await Novel.objects.valuesList('titel', { flat: true });
  // @ts-expect-error a flat list of a string is not a list of numbers
  const wrong: number[] = await Novel.objects.valuesList('title', { flat: true });
  // @ts-expect-error values() rows are records, not instances
  const instances: Novel[] = await Novel.objects.values('title');
  String([wrong, instances]);
}

// A QuerySet type names its rows: functions can say what they return.
function titlesOf(qs: QuerySet<Novel>): QuerySet<Novel, string> {
  return qs.valuesList('title', { flat: true });
}

it('types QuerySet rows and filter keys (see npm run typecheck)', () => {
  expect(typeof rows).toBe('function');
  expect(typeof lookups).toBe('function');
  expect(typeof titlesOf).toBe('function');
  expect(typeof same).toBe('function');
});
