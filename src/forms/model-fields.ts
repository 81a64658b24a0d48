// The form field for a model field, as Django's Field.formfield(): its type, its
// limits (maxLength, digits, choices), `blank` as not required, `null` as an empty
// value of null, the default as the initial value, the model field's validators,
// and its verbose name and help text as label and help text.
import type { AnyField } from '../orm/fields/field';
import type { ForeignKey, ManyToManyField } from '../orm/fields/related';
import type { ModelClass } from '../orm/model/types';
import type { FieldOptions } from './field';
import * as choice from './fields/choice';
import * as file from './fields/file';
import * as image from './fields/image';
import * as misc from './fields/misc';
import * as modelChoice from './fields/model-choice';
import * as numeric from './fields/numeric';
import * as temporal from './fields/temporal';
import * as text from './fields/text';
import type { AnyFormField } from './form';
import { Textarea, type Widget } from './widgets/widget';

export interface FormFieldOverrides {
  widget?: Widget;
  label?: string;
  helpText?: string;
  errorMessages?: Record<string, string>;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a related model's manager: all() gives the choices' QuerySet
const managerOf = (model: ModelClass) => (model as unknown as { objects: { all(): modelChoice.ChoiceQuerySet<any> } }).objects;

/** The form field for `field`, or null for one a form does not edit (not editable, an auto primary key). */
export function formFieldFor(field: AnyField, overrides: FormFieldOverrides = {}): AnyFormField | null {
  if (!field.editable || field.typeName.endsWith('AutoField')) return null;
  const o = field.options as Record<string, unknown> & FieldOptions;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the options every kind of form field takes; each kind checks its own values
  const base: FieldOptions<any> & Record<string, unknown> = {
    required: !field.blank,
    label: overrides.label ?? capitalize((o.verboseName as string | undefined) ?? field.name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase()),
    helpText: overrides.helpText ?? (o.helpText),
    validators: (o.validators) ?? undefined,
    errorMessages: overrides.errorMessages,
    widget: overrides.widget,
  };
  if (field.hasDefault()) base.initial = typeof o.default === 'function' ? o.default : o.default;
  for (const key of Object.keys(base)) if (base[key] === undefined) delete base[key];

  const choices = o.choices as ReadonlyArray<readonly [unknown, string]> | undefined;
  if (choices && !field.isRelation) {
    const includeBlank = field.blank || !(field.hasDefault() || 'initial' in base);
    return new choice.TypedChoiceField({
      ...base,
      choices: includeBlank ? [['', '---------'], ...choices] : choices,
      coerce: (value: string) => field.toJs(value),
      emptyValue: field.nullable ? null : '',
    });
  }

  switch (field.typeName) {
    case 'ForeignKey':
    case 'OneToOneField': {
      const fk = field as unknown as ForeignKey;
      return new modelChoice.ModelChoiceField({ ...base, queryset: managerOf(fk.target).all() });
    }
    case 'ManyToManyField': {
      const m2m = field as unknown as ManyToManyField;
      return new modelChoice.ModelMultipleChoiceField({ ...base, queryset: managerOf(m2m.target).all() });
    }
    case 'CharField':
    case 'GenericIPAddressField':
      return new text.CharField({ ...base, maxLength: o.maxLength as number | undefined, emptyValue: field.nullable ? null : '' });
    case 'TextField':
      return new text.CharField({ ...base, widget: overrides.widget ?? new Textarea(), emptyValue: field.nullable ? null : '' });
    case 'SlugField':
      return new text.SlugField({ ...base, maxLength: o.maxLength as number | undefined });
    case 'EmailField':
      return new text.EmailField({ ...base, maxLength: o.maxLength as number | undefined });
    case 'URLField':
      return new text.URLField({ ...base, maxLength: o.maxLength as number | undefined });
    case 'IntegerField':
    case 'SmallIntegerField':
    case 'BigIntegerField':
      return new numeric.IntegerField(base);
    case 'PositiveIntegerField':
      return new numeric.IntegerField({ ...base, minValue: 0 });
    case 'FloatField':
      return new numeric.FloatField(base);
    case 'DecimalField':
      return new numeric.DecimalField({ ...base, maxDigits: o.maxDigits as number | undefined, decimalPlaces: o.decimalPlaces as number | undefined });
    case 'BooleanField':
      // A checkbox cannot say "no value": Django makes a model's BooleanField optional in forms.
      return field.nullable ? new choice.NullBooleanField(base) : new choice.BooleanField({ ...base, required: false });
    case 'DateField':
      return new temporal.DateField(base);
    case 'DateTimeField':
      return new temporal.DateTimeField(base);
    case 'TimeField':
      return new temporal.TimeField(base);
    case 'DurationField':
      return new temporal.DurationField(base);
    case 'UUIDField':
      return new misc.UUIDField(base);
    case 'JSONField':
      return new misc.JSONField(base);
    // The cleaned upload is assigned to the instance, whose save() stores it (see model-form.ts).
    case 'FileField':
      return new file.FileField({ ...base, maxLength: o.maxLength as number | undefined });
    case 'ImageField':
      return new image.ImageField({ ...base, maxLength: o.maxLength as number | undefined });
    default:
      return null;
  }
}
