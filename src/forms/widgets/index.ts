// Widgets: how a form field is printed as HTML and read back from submitted data.
export { Widget, Input, TextInput, NumberInput, EmailInput, URLInput, PasswordInput, HiddenInput, Textarea, DateInput, DateTimeInput, TimeInput, CheckboxInput, type WidgetOptions, type WidgetContext } from './widget';
export { ChoiceWidget, Select, SelectMultiple, NullBooleanSelect, RadioSelect, CheckboxSelectMultiple, flatChoices, type Choice, type ChoiceGroup, type Choices, type ChoiceWidgetOptions } from './choice';
export { FileInput, ClearableFileInput, FILE_INPUT_CONTRADICTION } from './file';
export { asFormData, type FormData } from './data';
export { buildAttrs, type Attrs } from './attrs';
