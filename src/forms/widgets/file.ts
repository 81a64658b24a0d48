// File inputs. The value comes from request.files; ClearableFileInput adds the
// "clear" checkbox of a field that already holds a file.
import type { Attrs } from './attrs';
import type { FormData } from './data';
import { Input, type WidgetContext } from './widget';

/** Returned by ClearableFileInput when the clear box is checked: the field empties itself. */
export const FILE_INPUT_CONTRADICTION = Symbol('hyper.forms.fileInputContradiction');

/** Whether an initial value holds a file: a model's FieldFile with no name (Django's falsy FieldFile) does not. */
export function holdsFile(initial: unknown): boolean {
  if (!initial) return false;
  return !(typeof initial === 'object' && 'name' in initial && !(initial as { name: unknown }).name);
}

export class FileInput extends Input {
  override inputType = 'file';
  static override defaultTemplateName = 'forms/widgets/file.html';
  override needsMultipartForm = true;
  /** A file input never prints a value: browsers ignore it, and the file is on the server. */
  override formatValue(): null {
    return null;
  }
  override valueFromData(_data: FormData, files: FormData, name: string): unknown {
    return files.get(name);
  }
  override valueOmittedFromData(_data: FormData, files: FormData, name: string): boolean {
    return !files.has(name);
  }
  override useRequiredAttribute(initial: unknown): boolean {
    return super.useRequiredAttribute(initial) && !holdsFile(initial);
  }
}

export class ClearableFileInput extends FileInput {
  static override defaultTemplateName = 'forms/widgets/clearable_file_input.html';
  clearCheckboxLabel = 'Clear';
  initialText = 'Currently';
  inputText = 'Change';

  override getContext(name: string, value: unknown, attrs?: Attrs): WidgetContext {
    const context = super.getContext(name, value, attrs);
    const checkboxName = `${name}-clear`;
    // Django's is_initial(): a value with a URL; a model's FieldFile with no name has none.
    const initial = holdsFile(value) && typeof value === 'object' && 'url' in value!;
    Object.assign(context.widget, {
      checkboxName: checkboxName,
      checkboxId: `${checkboxName}_id`,
      isInitial: initial,
      value: initial ? value : null,
      inputText: this.inputText,
      initialText: this.initialText,
      clearCheckboxLabel: this.clearCheckboxLabel,
    });
    return context;
  }

  override valueFromData(data: FormData, files: FormData, name: string): unknown {
    const upload = super.valueFromData(data, files, name);
    const clear = data.has(`${name}-clear`) && !this.isRequired;
    if (clear) return upload ? FILE_INPUT_CONTRADICTION : false;
    return upload;
  }

  override valueOmittedFromData(data: FormData, files: FormData, name: string): boolean {
    return super.valueOmittedFromData(data, files, name) && !data.has(`${name}-clear`);
  }
}
