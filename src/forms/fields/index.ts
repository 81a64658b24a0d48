// The field factories of the public API: CharField({ maxLength: 100 }) as in models.
// Each returns the field class's instance typed with its options, so that a form's
// cleanedData knows `required: false` makes a value optional.
import type { FormField } from '../field';
import * as choice from './choice';
import * as file from './file';
import * as image from './image';
import * as misc from './misc';
import * as modelChoice from './model-choice';
import * as numeric from './numeric';
import * as temporal from './temporal';
import * as text from './text';
import type { FieldOptions } from '../field';
import type { Model } from '../../orm/model/model';

/** A factory that also names its class (`field instanceof CharField.fieldClass`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any field class, whatever its value type
const kind = <C extends abstract new (...args: never[]) => FormField<any, any, any>, F>(fieldClass: C, make: F): F & { readonly fieldClass: C } => Object.assign(make as F & object, { fieldClass });

export const CharField = kind(text.CharField, <const O extends text.CharFieldOptions>(options: O = {} as O) => new text.CharField(options));
export const EmailField = kind(text.EmailField, <const O extends text.CharFieldOptions>(options: O = {} as O) => new text.EmailField(options));
export const URLField = kind(text.URLField, <const O extends text.URLFieldOptions>(options: O = {} as O) => new text.URLField(options));
export const SlugField = kind(text.SlugField, <const O extends text.CharFieldOptions & { allowUnicode?: boolean }>(options: O = {} as O) => new text.SlugField(options));
export const RegexField = kind(text.RegexField, <const O extends text.RegexFieldOptions>(options: O) => new text.RegexField(options));
export const IntegerField = kind(numeric.IntegerField, <const O extends numeric.NumberFieldOptions>(options: O = {} as O) => new numeric.IntegerField(options));
export const FloatField = kind(numeric.FloatField, <const O extends numeric.NumberFieldOptions>(options: O = {} as O) => new numeric.FloatField(options));
export const DecimalField = kind(numeric.DecimalField, <const O extends numeric.DecimalFieldOptions>(options: O = {} as O) => new numeric.DecimalField(options));
export const BooleanField = kind(choice.BooleanField, <const O extends FieldOptions<boolean>>(options: O = {} as O) => new choice.BooleanField(options));
export const NullBooleanField = kind(choice.NullBooleanField, <const O extends FieldOptions<boolean | null>>(options: O = {} as O) => new choice.NullBooleanField(options));
export const ChoiceField = kind(choice.ChoiceField, <const O extends choice.ChoiceFieldOptions<string>>(options: O) => new choice.ChoiceField(options));
export const TypedChoiceField = kind(choice.TypedChoiceField, <T, const O extends choice.TypedChoiceFieldOptions<T> = choice.TypedChoiceFieldOptions<T>>(options: O & choice.TypedChoiceFieldOptions<T>) => new choice.TypedChoiceField<T, O>(options));
export const MultipleChoiceField = kind(choice.MultipleChoiceField, <const O extends choice.ChoiceFieldOptions<string[]>>(options: O) => new choice.MultipleChoiceField(options));
export const DateField = kind(temporal.DateField, <const O extends temporal.TemporalFieldOptions<string>>(options: O = {} as O) => new temporal.DateField(options));
export const DateTimeField = kind(temporal.DateTimeField, <const O extends temporal.TemporalFieldOptions<Date>>(options: O = {} as O) => new temporal.DateTimeField(options));
export const TimeField = kind(temporal.TimeField, <const O extends temporal.TemporalFieldOptions<string>>(options: O = {} as O) => new temporal.TimeField(options));
export const DurationField = kind(temporal.DurationField, <const O extends FieldOptions<number>>(options: O = {} as O) => new temporal.DurationField(options));
export const UUIDField = kind(misc.UUIDField, <const O extends FieldOptions<string>>(options: O = {} as O) => new misc.UUIDField(options));
export const JSONField = kind(misc.JSONField, <T = unknown, const O extends FieldOptions<T> = FieldOptions<T>>(options: O = {} as O) => new misc.JSONField<T, O>(options));
export const FileField = kind(file.FileField, <const O extends file.FileFieldOptions>(options: O = {} as O) => new file.FileField(options));
export const ImageField = kind(image.ImageField, <const O extends file.FileFieldOptions>(options: O = {} as O) => new image.ImageField(options));
export const ModelChoiceField = kind(modelChoice.ModelChoiceField, <M extends Model, const O extends modelChoice.ModelChoiceFieldOptions<M>>(options: O & { queryset: modelChoice.ChoiceQuerySet<M> }) => new modelChoice.ModelChoiceField<M, O>(options));
export const ModelMultipleChoiceField = kind(
  modelChoice.ModelMultipleChoiceField,
  <M extends Model, const O extends modelChoice.ModelMultipleChoiceFieldOptions<M>>(options: O & { queryset: modelChoice.ChoiceQuerySet<M> }) => new modelChoice.ModelMultipleChoiceField<M, O>(options),
);

export type { CharFieldOptions, RegexFieldOptions, URLFieldOptions } from './text';
export type { NumberFieldOptions, DecimalFieldOptions } from './numeric';
export type { ChoiceFieldOptions, TypedChoiceFieldOptions } from './choice';
export type { TemporalFieldOptions } from './temporal';
export type { FileFieldOptions, UploadedFileLike } from './file';
export type { CleanedImage } from './image';
export type { ModelChoiceFieldOptions, ModelMultipleChoiceFieldOptions, ChoiceQuerySet } from './model-choice';
export { DATE_INPUT_FORMATS, TIME_INPUT_FORMATS, DATETIME_INPUT_FORMATS } from './temporal';
