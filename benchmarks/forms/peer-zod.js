// The Node peer of `npm run bench -- forms`: the same 12-field form as a zod schema
// (zod 4, the usual validation library) and a hand-written template-literal renderer
// printing the same markup (labels, errors, values, escaped), as a project without a
// form library would write it.
'use strict';
const { z } = require('zod');

const escape = (value) => String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]);
const blank = (v) => v === undefined || v === null || v === '';

function makeZod(spec) {
  const colors = spec.colors.map(([v]) => v);
  const tags = spec.tags.map(([v]) => v);
  const realDate = (s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return false;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  };
  const schema = z.object({
    name: z.string().trim().min(1, 'This field is required.').max(50),
    email: z.string().trim().email('Enter a valid email address.'),
    website: z.preprocess((v) => (blank(v) ? undefined : /^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v}`), z.string().url('Enter a valid URL.').optional()),
    slug: z.string().trim().regex(/^[-a-zA-Z0-9_]+$/, 'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.'),
    age: z.coerce.number({ message: 'Enter a whole number.' }).int('Enter a whole number.').min(0, 'Ensure this value is greater than or equal to 0.').max(150, 'Ensure this value is less than or equal to 150.'),
    price: z.string().trim().regex(/^[-+]?\d*\.?\d+$/, 'Enter a number.').refine((s) => (s.split('.')[1] ?? '').length <= 2, 'Ensure that there are no more than 2 decimal places.').refine((s) => s.replace(/^[-+]/, '').replace('.', '').replace(/^0+/, '').length <= 8, 'Ensure that there are no more than 8 digits in total.'),
    rating: z.coerce.number({ message: 'Enter a number.' }).min(0).max(5),
    agree: z.preprocess((v) => v === 'on' || v === true, z.literal(true, { message: 'This field is required.' })),
    color: z.enum(colors, { message: 'Select a valid choice.' }),
    tags: z.array(z.enum(tags, { message: 'Select a valid choice.' })).min(1, 'This field is required.'),
    birthday: z.string().trim().refine(realDate, 'Enter a valid date.'),
    bio: z.string().trim().optional(),
  });
  return schema;
}

const LABELS = { name: 'Name', email: 'Email', website: 'Website', slug: 'Slug', age: 'Age', price: 'Price', rating: 'Rating', agree: 'Agree', color: 'Color', tags: 'Tags', birthday: 'Birthday', bio: 'Bio' };

function errorList(name, messages) {
  if (!messages || !messages.length) return '';
  return `<ul class="errorlist" id="id_${name}_error">${messages.map((m) => `<li>${escape(m)}</li>`).join('')}</ul>`;
}

function aria(name, errors) {
  return errors && errors.length ? ` aria-describedby="id_${name}_error" aria-invalid="true"` : '';
}

function input(type, name, value, errors, extra = '') {
  return `<input type="${type}" name="${name}"${blank(value) ? '' : ` value="${escape(value)}"`}${extra} required${aria(name, errors)} id="id_${name}">`;
}

function select(name, choices, selected, errors, multiple) {
  const chosen = new Set([].concat(selected ?? []));
  const options = choices.map(([v, l]) => `<option value="${escape(v)}"${chosen.has(v) ? ' selected' : ''}>${escape(l)}</option>`).join('');
  return `<select name="${name}"${multiple ? ' required' : ''}${aria(name, errors)} id="id_${name}"${multiple ? ' multiple' : ''}>${options}</select>`;
}

function renderForm(spec, data, errors) {
  const widgets = {
    name: () => input('text', 'name', data.name, errors.name, ' maxlength="50"'),
    email: () => input('email', 'email', data.email, errors.email),
    website: () => `<input type="url" name="website"${blank(data.website) ? '' : ` value="${escape(data.website)}"`}${aria('website', errors.website)} id="id_website">`,
    slug: () => input('text', 'slug', data.slug, errors.slug),
    age: () => input('number', 'age', data.age, errors.age, ' min="0" max="150"'),
    price: () => input('number', 'price', data.price, errors.price, ' step="0.01"'),
    rating: () => input('number', 'rating', data.rating, errors.rating, ' min="0" max="5" step="any"'),
    agree: () => `<input type="checkbox" name="agree"${data.agree ? ' checked' : ''} required${aria('agree', errors.agree)} id="id_agree">`,
    color: () => select('color', spec.colors, data.color, errors.color, false),
    tags: () => select('tags', spec.tags, data.tags, errors.tags, true),
    birthday: () => input('text', 'birthday', data.birthday, errors.birthday),
    bio: () => `<textarea name="bio" cols="40" rows="10"${aria('bio', errors.bio)} id="id_bio">\n${escape(data.bio ?? '')}</textarea>`,
  };
  let out = '';
  for (const name of Object.keys(widgets)) {
    out += `${errorList(name, errors[name])}<p><label for="id_${name}">${LABELS[name]}:</label> ${widgets[name]()}</p>\n`;
  }
  return out;
}

function zodPeer(spec) {
  const schema = makeZod(spec);
  return (data) => {
    const result = schema.safeParse(data);
    const errors = {};
    if (!result.success) for (const issue of result.error.issues) (errors[issue.path[0]] ??= []).push(issue.message);
    return renderForm(spec, data, errors);
  };
}

module.exports = { zodPeer };
