// hyperdjango/forms: forms declared like models (form({...})), their fields and
// widgets, rendering through the template engine, ModelForm, formsets.
export { form, BaseForm, requestData, NON_FIELD_ERRORS, type FormClass, type FormOptions, type CleanedData, type FieldMap, type AnyFormField } from './form';
export { BoundField, prettyName } from './bound-field';
export { ErrorList } from './error-list';
export { FormField, isEmptyValue, type FieldOptions, type Validator, type CleanedValue } from './field';
export { FormError, ValidationError } from './errors';
export * from './fields';
export * from './widgets';
export { formEnvironment, renderFormTemplate } from './renderer';
export { modelForm, modelformFactory, BaseModelForm, fieldsForModel, type ModelFormMeta, type ModelFormOptions, type ModelFormClass, type ModelCleanedData } from './model-form';
export { formFieldFor } from './model-fields';
export { formsetFactory, BaseFormSet, ManagementForm, TOTAL_FORM_COUNT, INITIAL_FORM_COUNT, MIN_NUM_FORM_COUNT, MAX_NUM_FORM_COUNT, ORDERING_FIELD_NAME, DELETION_FIELD_NAME, type FormSetOptions, type FormSetInit, type FormSetClass } from './formsets';
export { modelformsetFactory, inlineformsetFactory, BaseModelFormSet, BaseInlineFormSet, type ModelFormSetOptions, type ModelFormSetInit, type ModelFormSetClass, type InlineFormSetOptions, type InlineFormSetInit, type InlineFormSetClass } from './model-formsets';
