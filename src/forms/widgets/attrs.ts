// HTML attributes of a widget: true prints the bare name (required), false and
// null leave the attribute out, anything else prints name="value".
import { defineFilter } from '../../template/filters/types';
import { escapeHtml, Markup } from '../../template/markup';

export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** Merges attribute maps left to right, as Django's build_attrs(). */
export function buildAttrs(...maps: Array<Attrs | undefined>): Attrs {
  const out: Attrs = {};
  for (const map of maps) if (map) Object.assign(out, map);
  return out;
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

/** flatAttrs(buildAttrs(base, extra)) without the merged map: base's names in order (extra's value winning), then extra's own. */
export function flatMergedAttrs(base: Attrs, extra: Attrs | undefined): string {
  let out = '';
  const print = (name: string, value: Attrs[string]) => {
    if (value === false || value === null || value === undefined) return;
    out += value === true ? ` ${escapeHtml(name)}` : ` ${escapeHtml(name)}="${escapeHtml(value)}"`;
  };
  for (const name of Object.keys(base)) print(name, extra && Object.prototype.hasOwnProperty.call(extra, name) ? extra[name] : base[name]);
  if (extra) for (const name of Object.keys(extra)) if (!Object.prototype.hasOwnProperty.call(base, name)) print(name, extra[name]);
  return out;
}

export const htmlattrs = defineFilter((attrs: Attrs | null | undefined) => flatAttrs(attrs));
