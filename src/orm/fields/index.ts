// The field factories of the public API: CharField({ maxLength: 200 }) rather than
// `new`, as in the design sketch. Each returns the field class instance, typed so that
// model() knows the attribute's type (and `null: true` makes it nullable).
import type { AnyField, FieldOptions, FieldValue } from './field';
import * as files from './files';
import * as misc from './misc';
import * as numeric from './numeric';
import * as related from './related';
import * as temporal from './temporal';
import * as text from './text';
import type { Model } from '../model/model';

type Opt<T> = FieldOptions<T>;

/**
 * A factory that also names its class, so a factory stands for the class where one is
 * wanted: registerLookup(CharField, lookup) registers on text.CharField.
 */
const kind = <C extends abstract new (...args: never[]) => AnyField, F>(fieldClass: C, make: F): F & { readonly fieldClass: C } => Object.assign(make as F & object, { fieldClass });

export const AutoField = kind(numeric.AutoField, <const O extends Opt<number>>(options: O = {} as O) => new numeric.AutoField(options));
export const BigAutoField = kind(numeric.BigAutoField, <const O extends Opt<number>>(options: O = {} as O) => new numeric.BigAutoField(options));
export const IntegerField = kind(numeric.IntegerField, <const O extends Opt<number>>(options: O = {} as O) => new numeric.IntegerField(options));
export const SmallIntegerField = kind(numeric.SmallIntegerField, <const O extends Opt<number>>(options: O = {} as O) => new numeric.SmallIntegerField(options));
export const BigIntegerField = kind(numeric.BigIntegerField, <const O extends Opt<number>>(options: O = {} as O) => new numeric.BigIntegerField(options));
export const PositiveIntegerField = kind(numeric.PositiveIntegerField, <const O extends Opt<number>>(options: O = {} as O) => new numeric.PositiveIntegerField(options));
export const FloatField = kind(numeric.FloatField, <const O extends Opt<number>>(options: O = {} as O) => new numeric.FloatField(options));
export const DecimalField = kind(numeric.DecimalField, <const O extends numeric.DecimalFieldOptions>(options: O) => new numeric.DecimalField(options));
export const BooleanField = kind(misc.BooleanField, <const O extends Opt<boolean>>(options: O = {} as O) => new misc.BooleanField(options));
export const CharField = kind(text.CharField, <const O extends text.CharFieldOptions>(options: O) => new text.CharField(options));
export const TextField = kind(text.TextField, <const O extends Opt<string>>(options: O = {} as O) => new text.TextField(options));
export const SlugField = kind(text.SlugField, <const O extends Partial<text.CharFieldOptions>>(options: O = {} as O) => new text.SlugField(options));
export const EmailField = kind(text.EmailField, <const O extends Partial<text.CharFieldOptions>>(options: O = {} as O) => new text.EmailField(options));
export const URLField = kind(text.URLField, <const O extends Partial<text.CharFieldOptions>>(options: O = {} as O) => new text.URLField(options));
export const GenericIPAddressField = kind(text.GenericIPAddressField, <const O extends text.IPAddressOptions>(options: O = {} as O) => new text.GenericIPAddressField(options));
export const DateField = kind(temporal.DateField, <const O extends temporal.AutoTimeOptions<string>>(options: O = {} as O) => new temporal.DateField(options));
export const DateTimeField = kind(temporal.DateTimeField, <const O extends temporal.AutoTimeOptions<Date>>(options: O = {} as O) => new temporal.DateTimeField(options));
export const TimeField = kind(temporal.TimeField, <const O extends temporal.AutoTimeOptions<string>>(options: O = {} as O) => new temporal.TimeField(options));
export const DurationField = kind(temporal.DurationField, <const O extends Opt<number>>(options: O = {} as O) => new temporal.DurationField(options));
export const UUIDField = kind(misc.UUIDField, <const O extends Opt<string>>(options: O = {} as O) => new misc.UUIDField(options));
export const JSONField = kind(misc.JSONField, <T = unknown, const O extends Opt<T> = Opt<T>>(options: O = {} as O) => new misc.JSONField<T, O>(options));
export const BinaryField = kind(misc.BinaryField, <const O extends Opt<Buffer>>(options: O = {} as O) => new misc.BinaryField(options));
export const ArrayField = kind(misc.ArrayField, <B extends AnyField, const O extends misc.ArrayFieldOptions<FieldValue<B>>>(base: B, options: O = {} as O) => new misc.ArrayField<FieldValue<B>, O>(base, options));
export const FileField = kind(files.FileField, <const O extends files.FileFieldOptions>(options: O = {} as O) => new files.FileField(options));
export const ImageField = kind(files.ImageField, <const O extends files.ImageFieldOptions>(options: O = {} as O) => new files.ImageField(options));
export const ForeignKey = kind(related.ForeignKey, <M extends Model, const O extends related.ForeignKeyOptions<M>>(to: related.ModelReference<M>, options: O) => new related.ForeignKey<M, O>(to, options));
export const OneToOneField = kind(related.OneToOneField, <M extends Model, const O extends related.ForeignKeyOptions<M>>(to: related.ModelReference<M>, options: O) => new related.OneToOneField<M, O>(to, options));
export const ManyToManyField = kind(related.ManyToManyField, <M extends Model, const O extends related.ManyToManyOptions<M>>(to: related.ModelReference<M>, options: O = {} as O) => new related.ManyToManyField<M, O>(to, options));

export { uuid4 } from './misc';
export { Field } from './field';
export { FieldFile } from './field-file';
export { strftime } from './files';
export type { FileFieldOptions, ImageFieldOptions } from './files';
export type { AnyField, FieldOptions, FieldValue, Validator } from './field';
export type { OnDelete, ModelReference } from './related';
