// src/orm/serializers: model rows to and from Django's fixture format
// ([{"model": "blog.post", "pk": 1, "fields": {...}}], or one object a line), read and
// written in pieces so tables of any size pass in flat memory. dumpdata and loaddata
// (src/management/fixtures) are built on these.
export { serializeQuerySet, isAutoCreatedModel, isAutoCreatedManyToMany } from './serialize';
export type { FixtureObject, SerializeOptions } from './serialize';
export { copyQuerySet } from './copy-out';
export { FixtureLoader } from './loader';
export type { LoaderOptions } from './loader';
export { FixtureFormatter, readFixture, FIXTURE_FORMATS } from './json-format';
export type { FixtureFormat, ReadObject } from './json-format';
export { toFixtureValue, fromFixtureValue } from './field-values';
export { hasNaturalKey, naturalKeyOf, naturalKeyGetter } from './natural-keys';
export { SerializationError, DeserializationError } from './errors';
