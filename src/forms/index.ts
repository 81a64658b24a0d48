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
