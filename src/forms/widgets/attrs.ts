// HTML attributes of a widget: true prints the bare name (required), false and
// null leave the attribute out, anything else prints name="value".
export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** Merges attribute maps left to right, as Django's build_attrs(). */
export function buildAttrs(...maps: Array<Attrs | undefined>): Attrs {
  return Object.assign({}, ...maps.filter(Boolean)) as Attrs;
}
