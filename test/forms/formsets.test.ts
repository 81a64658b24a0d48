// Formsets: the management form, extra forms, deletion, ordering, min and max, and a
// management form missing or tampered with (a formset error, never an exception).
import { CharField, form, formsetFactory, IntegerField } from '../../src/forms';
import { QueryDict } from '../../src/http/query-dict';

class ItemForm extends form({ name: CharField({ maxLength: 20 }), qty: IntegerField({ minValue: 1 }) }) {}

const post = (fields: Record<string, string>) => new QueryDict(Object.entries(fields));
const management = (total: number, initial = 0) => ({ 'form-TOTAL_FORMS': String(total), 'form-INITIAL_FORMS': String(initial), 'form-MIN_NUM_FORMS': '0', 'form-MAX_NUM_FORMS': '1000' });

describe('formsets', () => {
  it('prints the management form and one form per initial value plus the extra ones', async () => {
    const ItemFormSet = formsetFactory(ItemForm, { extra: 2 });
    const fs = new ItemFormSet({ initial: [{ name: 'nails', qty: 10 }] });
    await fs.prepare();
    expect(fs.forms).toHaveLength(3);
    const html = fs.asDiv().html;
    expect(html).toContain('<input type="hidden" name="form-TOTAL_FORMS" value="3" id="id_form-TOTAL_FORMS">');
    expect(html).toContain('<input type="hidden" name="form-INITIAL_FORMS" value="1" id="id_form-INITIAL_FORMS">');
    expect(html).toContain('<input type="text" name="form-0-name" value="nails" maxlength="20" id="id_form-0-name">');
    expect(html).toContain('name="form-2-qty"');
    expect(fs.emptyForm.get('name').toString()).toContain('name="form-__prefix__-name"');
  });

  it('validates the filled forms, and leaves blank extra forms out', async () => {
    const ItemFormSet = formsetFactory(ItemForm, { extra: 2 });
    const fs = new ItemFormSet({ data: post({ ...management(3), 'form-0-name': 'nails', 'form-0-qty': '10', 'form-1-name': 'screws', 'form-1-qty': '0', 'form-2-name': '', 'form-2-qty': '' }) });
    expect(await fs.isValid()).toBe(false);
    expect(fs.errors.map((e) => Object.keys(e))).toEqual([[], ['qty'], []]);
    expect(fs.totalErrorCount()).toBe(1);
    expect(fs.cleanedData[0]).toEqual({ name: 'nails', qty: 10 });
  });

  it('skips the validation of forms marked for deletion, and orders the rest by ORDER', async () => {
    const ItemFormSet = formsetFactory(ItemForm, { extra: 0, canDelete: true, canOrder: true });
    const fs = new ItemFormSet({
      data: post({
        ...management(3, 3),
        'form-0-name': 'a', 'form-0-qty': '1', 'form-0-ORDER': '3',
        'form-1-name': 'b', 'form-1-qty': 'bad', 'form-1-DELETE': 'on',
        'form-2-name': 'c', 'form-2-qty': '1', 'form-2-ORDER': '1',
      }),
    });
    expect(await fs.isValid()).toBe(true);
    expect(fs.deletedForms.map((f) => f.prefix)).toEqual(['form-1']);
    expect(fs.orderedForms.map((f) => f.cleanedDataOrEmpty().name)).toEqual(['c', 'a']);
  });

  it('enforces minNum and maxNum when asked', async () => {
    const AtLeastTwo = formsetFactory(ItemForm, { extra: 0, minNum: 2, validateMin: true });
    const few = new AtLeastTwo({ data: post({ ...management(1), 'form-0-name': 'a', 'form-0-qty': '1' }) });
    expect(await few.isValid()).toBe(false);
    expect([...few.nonFormErrors()]).toEqual(['Please submit at least 2 forms.']);
    const AtMostOne = formsetFactory(ItemForm, { extra: 0, maxNum: 1, validateMax: true });
    const many = new AtMostOne({ data: post({ ...management(2), 'form-0-name': 'a', 'form-0-qty': '1', 'form-1-name': 'b', 'form-1-qty': '1' }) });
    expect(await many.isValid()).toBe(false);
    expect([...many.nonFormErrors()]).toEqual(['Please submit at most 1 form.']);
  });

  it('a missing or tampered management form is a formset error, never an exception', async () => {
    const ItemFormSet = formsetFactory(ItemForm);
    for (const data of [{ 'form-0-name': 'a' } as Record<string, string>, { ...management(1), 'form-TOTAL_FORMS': 'lots' }, { ...management(1), 'form-INITIAL_FORMS': '-4' }]) {
      const fs = new ItemFormSet({ data: post(data) });
      expect(await fs.isValid()).toBe(false);
      expect(fs.nonFormErrors()[0]).toMatch(/^ManagementForm data is missing or has been tampered with\. Missing fields: form-/);
      expect(fs.forms).toHaveLength(0);
      expect(fs.render().html).toContain('<ul class="errorlist nonform">');
    }
  });

  it('reads at most absoluteMax forms however many TOTAL_FORMS claims', async () => {
    const ItemFormSet = formsetFactory(ItemForm, { maxNum: 5, absoluteMax: 10 });
    const fs = new ItemFormSet({ data: post(management(1e9)) });
    expect(fs.totalFormCount()).toBe(10);
    expect(await fs.isValid()).toBe(false);
    expect([...fs.nonFormErrors()]).toEqual(['Please submit at most 5 forms.']);
  });
});
