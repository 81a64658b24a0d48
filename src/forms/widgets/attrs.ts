// HTML attributes of a widget: true prints the bare name (required), false and
// null leave the attribute out, anything else prints name="value".
import { defineFilter } from '../../template/filters/types';
import { escapeHtml, Markup } from '../../template/markup';

export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** Merges attribute maps left to right, as Django's build_attrs(). */
export function buildAttrs(...maps: Array<Attrs | undefined>): Attrs {
  return Object.assign({}, ...maps.filter(Boolean)) as Attrs;
}

/**
 * The attributes as HTML, each with a leading space (Django's flatatt, and what
 * forms/widgets/attrs.html prints): the `htmlattrs` filter of form templates, one call
 * where the template loop was the larger part of printing an input.
 */
export function flatAttrs(attrs: Attrs | null | undefined): Markup {
  let out = '';
  if (attrs) {
    for (const name of Object.keys(attrs)) {
      const value = attrs[name];
      if (value === false || value === null || value === undefined) continue;
      out += value === true ? ` ${escapeHtml(name)}` : ` ${escapeHtml(name)}="${escapeHtml(value)}"`;
    }
  }
  return new Markup(out);
}

export const htmlattrs = defineFilter((attrs: Attrs | null | undefined) => flatAttrs(attrs));
