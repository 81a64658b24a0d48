// A field's (or the form's) error messages: a list of strings that prints as
// Django's <ul class="errorlist">, with an id the field's aria-describedby names.
import { Markup } from '../template/markup';
import { renderFormTemplate } from './renderer';

export class ErrorList extends Array<string> {
  /** 'errorlist', or 'errorlist nonfield' for the form's own errors. */
  errorClass = 'errorlist';
  /** The field's id: the list is printed with id `<fieldId>_error`. */
  fieldId: string | null = null;
  templateName = 'forms/errors/ul.html';

  static fromMessages(messages: Iterable<string>, errorClass = 'errorlist', fieldId: string | null = null): ErrorList {
    const list = new ErrorList();
    for (const message of messages) list.push(message);
    list.errorClass = errorClass;
    list.fieldId = fieldId;
    return list;
  }

  // map(), filter() and slice() build plain arrays: an ErrorList is made only by fromMessages().
  static get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  __html__(): Markup {
    if (this.length === 0) return new Markup('');
    return renderFormTemplate(this.templateName, { errors: [...this], errorClass: this.errorClass, fieldId: this.fieldId });
  }

  /** The messages as plain text, one per line with a leading '* ' (Django's as_text()). */
  asText(): string {
    return this.map((message) => `* ${message}`).join('\n');
  }

  override toString(): string {
    return this.__html__().html;
  }
}
