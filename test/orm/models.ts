// The models the ORM suites share: a small blog with users, posts, tags, comments and
// profiles, and a model with one field of every type.
import {
  ArrayField, BigIntegerField, BinaryField, BooleanField, CharField, DateField, DateTimeField, DecimalField, DurationField,
  EmailField, FloatField, ForeignKey, GenericIPAddressField, IntegerField, JSONField, ManyToManyField, OneToOneField,
  PositiveIntegerField, SlugField, SmallIntegerField, TextField, TimeField, URLField, UUIDField, model, uuid4, UniqueConstraint, CheckConstraint,
  type Manager, type ManyRelatedManager, type RelatedManager,
} from '../../src/orm';

export class Author extends model(
  {
    username: CharField({ maxLength: 50, unique: true }),
    email: EmailField({ blank: true }),
    active: BooleanField({ default: true }),
  },
  { appLabel: 'blog', ordering: ['username'] },
) {
  declare static objects: Manager<Author>;
  // Reverse accessors are added when the models are prepared; `declare` types them.
  declare posts: RelatedManager<Post>;
  declare edited: RelatedManager<Post>;
  declare profile: Profile;
}

export class Tag extends model({ name: CharField({ maxLength: 50, unique: true }) }, { appLabel: 'blog', ordering: ['name'] }) {
  declare static objects: Manager<Tag>;
  declare posts: ManyRelatedManager<Post>;
}

export class Post extends model(
  {
    title: CharField({ maxLength: 200 }),
    body: TextField({ blank: true, default: '' }),
    author: ForeignKey(() => Author, { onDelete: 'CASCADE', relatedName: 'posts' }),
    editor: ForeignKey(() => Author, { onDelete: 'SET_NULL', null: true, blank: true, relatedName: 'edited' }),
    tags: ManyToManyField(() => Tag, { relatedName: 'posts', blank: true }),
    views: IntegerField({ default: 0 }),
    published: BooleanField({ default: false }),
    created: DateTimeField({ autoNowAdd: true }),
    rating: DecimalField({ maxDigits: 5, decimalPlaces: 2, null: true, blank: true }),
  },
  { appLabel: 'blog', ordering: ['-created', 'id'] },
) {
  declare static objects: Manager<Post>;
  declare comments: RelatedManager<Comment>;

  get isPopular(): boolean {
    return this.views > 1000;
  }
}

export class Comment extends model(
  {
    post: ForeignKey(() => Post, { onDelete: 'CASCADE', relatedName: 'comments' }),
    text: TextField(),
    approved: BooleanField({ default: false }),
  },
  { appLabel: 'blog' },
) {}

export class Profile extends model(
  {
    author: OneToOneField(() => Author, { onDelete: 'CASCADE', relatedName: 'profile' }),
    city: CharField({ maxLength: 50, blank: true, default: '' }),
  },
  { appLabel: 'blog' },
) {}

export class Category extends model(
  {
    name: CharField({ maxLength: 50 }),
    parent: ForeignKey('self', { onDelete: 'PROTECT', null: true, relatedName: 'children' }),
  },
  { appLabel: 'blog', constraints: [UniqueConstraint({ name: 'category_name_parent', fields: ['name', 'parent'] })] },
) {
  declare static objects: Manager<Category>;
  declare children: RelatedManager<Category>;
}

export class Everything extends model(
  {
    uid: UUIDField({ primaryKey: true, default: uuid4 }),
    small: SmallIntegerField({ null: true }),
    big: BigIntegerField({ null: true }),
    positive: PositiveIntegerField({ null: true }),
    ratio: FloatField({ null: true }),
    price: DecimalField({ maxDigits: 12, decimalPlaces: 4, null: true }),
    slug: SlugField({ null: true }),
    site: URLField({ null: true }),
    day: DateField({ null: true }),
    at: TimeField({ null: true }),
    span: DurationField({ null: true }),
    data: JSONField({ null: true }),
    blob: BinaryField({ null: true }),
    ip: GenericIPAddressField({ null: true }),
    labels: ArrayField(CharField({ maxLength: 20 }), { null: true }),
    counts: ArrayField(IntegerField(), { null: true }),
    flag: BooleanField({ null: true }),
  },
  { appLabel: 'blog', constraints: [CheckConstraint({ name: 'small_not_negative', check: 'small IS NULL OR small >= -100' })] },
) {}

export const ALL_MODELS = [Author, Tag, Post, Comment, Profile, Category, Everything];
