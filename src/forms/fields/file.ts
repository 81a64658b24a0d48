// FileField: an uploaded file from request.files (any object with a name and a
// size, as the HTTP layer's UploadedFile). ImageField (./image.ts) also reads the
// image's dimensions.
import { FormField, isEmptyValue, type FieldOptions } from '../field';
import { ClearableFileInput, FILE_INPUT_CONTRADICTION, holdsFile } from '../widgets/file';
import type { Widget } from '../widgets/widget';

/** What FileField accepts: request.files' UploadedFile, or any object with these. */
export interface UploadedFileLike {
  readonly name: string;
  readonly size: number;
}

export interface FileFieldOptions extends FieldOptions<UploadedFileLike> {
  /** The longest file name accepted. */
  maxLength?: number;
  /** Accept a file of zero bytes (default false). */
  allowEmptyFile?: boolean;
}

export const FILE_ERRORS: Readonly<Record<string, string>> = {
  required: 'This field is required.',
  invalid: 'No file was submitted. Check the encoding type on the form.',
  missing: 'No file was submitted.',
  empty: 'The submitted file is empty.',
  max_length: 'Ensure this filename has at most %(max)d characters (it has %(length)d).',
  contradiction: 'Please either submit a file or check the clear checkbox, not both.',
};

export class FileField<O extends FileFieldOptions = FileFieldOptions, T extends UploadedFileLike = UploadedFileLike> extends FormField<T, O, null | false> {
  protected override readonly defaultErrors: Record<string, string> = { ...FILE_ERRORS };

  protected override defaultWidget(): Widget {
    return new ClearableFileInput();
  }

  override toPython(data: unknown): T | null {
    if (isEmptyValue(data)) return null;
    const file = data as Partial<UploadedFileLike>;
    if (typeof data !== 'object' || typeof file.name !== 'string' || typeof file.size !== 'number') throw this.error('invalid');
    const { maxLength } = this.options;
    if (maxLength !== undefined && file.name.length > maxLength) throw this.error('max_length', { max: maxLength, length: file.name.length });
    if (!file.name) throw this.error('invalid');
    if (!this.options.allowEmptyFile && !file.size) throw this.error('empty');
    return data as T;
  }

  override clean(data: unknown, initial?: unknown): T | null | false | Promise<T | null | false> {
    if (data === FILE_INPUT_CONTRADICTION) throw this.error('contradiction');
    // The clear box checked: an optional field empties (false), a required one needs a file.
    if (data === false) {
      if (!this.required) return false;
      data = null;
    }
    if (!data && holdsFile(initial)) return initial as T;
    return super.clean(data) as T | null;
  }

  override boundData(data: unknown, initial: unknown): unknown {
    return data === null || data === undefined || data === FILE_INPUT_CONTRADICTION || this.disabled ? initial : data;
  }

  override hasChanged(_initial: unknown, data: unknown): boolean {
    return !this.disabled && data !== null && data !== undefined;
  }
}
